# heapd — multi-stage build on Debian bookworm-slim. The build stage runs the
# same `make` as a developer machine, so the tested path is the shipped one.
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libmicrohttpd-dev libjansson-dev ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY core core
COPY api api
COPY server server
RUN make all

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libmicrohttpd12 libjansson4 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --no-create-home --shell /usr/sbin/nologin heapd
COPY --from=build /src/build/heapd /usr/local/bin/heapd
USER heapd
ENV HEAPD_HOST=0.0.0.0 HEAPD_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/heapd"]
