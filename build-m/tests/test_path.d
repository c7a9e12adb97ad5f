build-m/tests/test_path: tests/unit/test_path.c common/json/path.h \
 common/base/buf.h common/base/status.h tests/unit/tap.h
common/json/path.h:
common/base/buf.h:
common/base/status.h:
tests/unit/tap.h:
