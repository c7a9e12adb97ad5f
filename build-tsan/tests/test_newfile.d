build-tsan/tests/test_newfile: tests/unit/test_newfile.c \
  common/base/newfile.h tests/unit/scratch.h tests/unit/tap.h

common/base/newfile.h:

tests/unit/scratch.h:

tests/unit/tap.h:
