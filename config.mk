# rt version
VERSION = 0.1.0

# paths
PREFIX    = /usr/local
MANPREFIX = $(PREFIX)/share/man

# tools
CC         = cc
AR         = ar
PKG_CONFIG = pkg-config

# The JSON library sits behind lib/rt_json.c (docs/json-library.md).
PKGS = libpq gsl libcjson

# flags: user CFLAGS/LDFLAGS are appended, never replaced
RT_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DRT_VERSION=\"$(VERSION)\" -Ilib \
              $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
RT_CFLAGS   = -std=c11 -pthread -O2 -g -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
RT_LDLIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm -pthread
