build-tsan/tests/test_textscan: tests/unit/test_textscan.c \
  tests/unit/tap.h common/classify/textscan.h \
  common/classify/validators.h

tests/unit/tap.h:

common/classify/textscan.h:

common/classify/validators.h:
