build-tsan/common/classify/validators_text.o: \
  common/classify/validators_text.c common/classify/phoneplan.h \
  common/classify/validators.h

common/classify/phoneplan.h:

common/classify/validators.h:
