build-tsan/common/classify/classify.o: common/classify/classify.c \
  common/classify/classify.h common/base/buf.h common/json/ndjson.h \
  common/json/path.h common/base/status.h common/classify/rules.h \
  common/classify/keyname.h common/classify/validators.h \
  common/base/span.h common/base/hash.h common/classify/names.h \
  common/classify/textscan.h common/crypto/token.h common/crypto/keys.h \
  common/crypto/passphrase.h

common/classify/classify.h:

common/base/buf.h:

common/json/ndjson.h:

common/json/path.h:

common/base/status.h:

common/classify/rules.h:

common/classify/keyname.h:

common/classify/validators.h:

common/base/span.h:

common/base/hash.h:

common/classify/names.h:

common/classify/textscan.h:

common/crypto/token.h:

common/crypto/keys.h:

common/crypto/passphrase.h:
