/*
 * openapi.c — embeds api/openapi.json (the OpenAPI 3.1 document of the API).
 */
__asm__(".section .rodata\n"
        ".global api_openapi_json\n"
        "api_openapi_json:\n"
        ".incbin \"api/openapi.json\"\n"
        ".byte 0\n"
        ".previous\n");
