build-tsan/tests/test_fastpath: tests/unit/test_fastpath.c \
  /usr/include/yajl/yajl_parse.h common/crypto/b64url.h \
  common/run/decrypt.h common/base/buf.h common/crypto/keys.h \
  common/crypto/passphrase.h common/base/status.h common/json/ndjson.h \
  common/json/path.h common/crypto/hpke.h common/json/json.h \
  common/crypto/token.h tests/unit/tap.h

/usr/include/yajl/yajl_parse.h:

common/crypto/b64url.h:

common/run/decrypt.h:

common/base/buf.h:

common/crypto/keys.h:

common/crypto/passphrase.h:

common/base/status.h:

common/json/ndjson.h:

common/json/path.h:

common/crypto/hpke.h:

common/json/json.h:

common/crypto/token.h:

tests/unit/tap.h:
