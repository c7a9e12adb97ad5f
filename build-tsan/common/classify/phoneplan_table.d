build-tsan/common/classify/phoneplan_table.o: \
  common/classify/phoneplan_table.c common/classify/phoneplan.h

common/classify/phoneplan.h:
