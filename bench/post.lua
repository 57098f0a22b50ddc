-- wrk script: the same small operation for heapd and the bare server.
wrk.method = "POST"
wrk.body = '{"ref": "x"}'
wrk.headers["Content-Type"] = "application/json"
