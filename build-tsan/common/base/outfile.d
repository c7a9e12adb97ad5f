build-tsan/common/base/outfile.o: common/base/outfile.c \
  common/base/outfile.h common/base/newfile.h common/base/status.h

common/base/outfile.h:

common/base/newfile.h:

common/base/status.h:
