build-tsan/common/run/encrypt.o: common/run/encrypt.c \
  common/classify/classify.h common/base/buf.h common/json/ndjson.h \
  common/json/path.h common/base/status.h common/classify/rules.h \
  common/classify/keyname.h common/classify/validators.h \
  common/base/span.h common/run/cli.h common/run/encrypt.h \
  common/crypto/join.h common/crypto/keys.h common/crypto/passphrase.h \
  common/json/jsontext.h common/json/jsonfind.h common/crypto/token.h

common/classify/classify.h:

common/base/buf.h:

common/json/ndjson.h:

common/json/path.h:

common/base/status.h:

common/classify/rules.h:

common/classify/keyname.h:

common/classify/validators.h:

common/base/span.h:

common/run/cli.h:

common/run/encrypt.h:

common/crypto/join.h:

common/crypto/keys.h:

common/crypto/passphrase.h:

common/json/jsontext.h:

common/json/jsonfind.h:

common/crypto/token.h:
