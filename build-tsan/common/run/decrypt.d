build-tsan/common/run/decrypt.o: common/run/decrypt.c \
  common/run/decrypt.h common/base/buf.h common/crypto/keys.h \
  common/crypto/passphrase.h common/base/status.h common/json/ndjson.h \
  common/json/path.h common/base/hex.h common/json/json.h \
  common/json/jsonfind.h common/crypto/token.h common/base/utf8.h

common/run/decrypt.h:

common/base/buf.h:

common/crypto/keys.h:

common/crypto/passphrase.h:

common/base/status.h:

common/json/ndjson.h:

common/json/path.h:

common/base/hex.h:

common/json/json.h:

common/json/jsonfind.h:

common/crypto/token.h:

common/base/utf8.h:
