// The Debian .pc file names no extensions header; libcmark-gfm-extensions-dev ships it.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
