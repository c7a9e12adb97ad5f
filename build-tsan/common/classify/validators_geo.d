build-tsan/common/classify/validators_geo.o: \
  common/classify/validators_geo.c common/classify/validators.h

common/classify/validators.h:
