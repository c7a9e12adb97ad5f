build-tsan/common/base/newfile.o: common/base/newfile.c \
  common/base/newfile.h

common/base/newfile.h:
