/*
 * test_textmap_scalar - test_textmap on the masks made a byte at a
 * time, which only processors without SSE2 run: textmap.c is built into
 * this test with TEXTMAP_SCALAR, and test_textmap's checks run on it.
 */
#define TEXTMAP_SCALAR 1
#include "textmap.c"

#include "test_textmap.c"
