build-tsan/tests/test_outfile: tests/unit/test_outfile.c \
  common/base/outfile.h common/base/newfile.h common/base/status.h \
  tests/unit/scratch.h tests/unit/tap.h

common/base/outfile.h:

common/base/newfile.h:

common/base/status.h:

tests/unit/scratch.h:

tests/unit/tap.h:
