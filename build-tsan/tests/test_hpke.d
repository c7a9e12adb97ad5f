build-tsan/tests/test_hpke: tests/unit/test_hpke.c \
  /usr/include/yajl/yajl_tree.h common/base/hex.h common/crypto/hpke.h \
  common/base/status.h tests/unit/tap.h

/usr/include/yajl/yajl_tree.h:

common/base/hex.h:

common/crypto/hpke.h:

common/base/status.h:

tests/unit/tap.h:
