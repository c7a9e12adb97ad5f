build-tsan/tests/test_utf8: tests/unit/test_utf8.c tests/unit/tap.h \
  common/base/utf8.h

tests/unit/tap.h:

common/base/utf8.h:
