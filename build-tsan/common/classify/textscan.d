build-tsan/common/classify/textscan.o: common/classify/textscan.c \
  common/classify/textscan.h common/classify/validators.h

common/classify/textscan.h:

common/classify/validators.h:
