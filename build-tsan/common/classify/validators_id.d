build-tsan/common/classify/validators_id.o: \
  common/classify/validators_id.c common/classify/validators.h

common/classify/validators.h:
