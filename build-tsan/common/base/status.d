build-tsan/common/base/status.o: common/base/status.c \
  common/base/status.h

common/base/status.h:
