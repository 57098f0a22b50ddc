# heapd — a simulated CPython heap over HTTP. See README.md.
CC ?= cc
CFLAGS ?= -O2 -g
WARN = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter
BUILD ?= build
DEBIAN_PKGS = build-essential libmicrohttpd-dev libjansson-dev libcmocka-dev curl pkg-config

CORE_SRC = $(wildcard core/*.c)
API_SRC = $(wildcard api/*.c)
SERVER_SRC = $(wildcard server/*.c)

CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o)
API_OBJ = $(API_SRC:%.c=$(BUILD)/%.o)
SERVER_OBJ = $(SERVER_SRC:%.c=$(BUILD)/%.o)

LIBS = -ljansson -lmicrohttpd -lm -lpthread

.PHONY: all deps run test check unit e2e diff bench clean

all: $(BUILD)/heapd

# Installs the Debian packages the build and the tests need, when missing.
deps:
	@missing=""; for p in $(DEBIAN_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -Icore -Iapi -MMD -MP -c $< -o $@

-include $(wildcard $(BUILD)/*/*.d)

$(BUILD)/libheapcore.a: $(CORE_OBJ)
	ar rcs $@ $^

$(BUILD)/heapd: $(CORE_OBJ) $(API_OBJ) $(SERVER_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

run: deps
	$(MAKE) all
	$(BUILD)/heapd

clean:
	rm -rf build build-asan
