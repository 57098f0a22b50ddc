// Validates the OpenAPI document heapd serves (api/openapi.json) against the
// OpenAPI 3.1 schema, and resolves every $ref in it.
const SwaggerParser = require("@apidevtools/swagger-parser");
const file = process.argv[2];
SwaggerParser.validate(file)
  .then((api) => {
    console.log("PASS openapi/validate (" + api.openapi + ", " + Object.keys(api.paths).length + " paths)");
    console.log("1 passed, 0 failed");
  })
  .catch((e) => {
    console.log("FAIL openapi/validate: " + e.message);
    console.log("0 passed, 1 failed");
    process.exit(1);
  });
