build-m/common/run/encrypt.o: common/run/encrypt.c \
 common/classify/classify.h common/base/buf.h common/json/ndjson.h \
 common/json/path.h common/base/status.h common/classify/rules.h \
 common/classify/keyname.h common/classify/validators.h \
 common/base/span.h common/run/encrypt.h common/json/path.h \
 common/classify/rules.h common/json/json.h common/crypto/keys.h \
 common/crypto/passphrase.h common/crypto/token.h common/crypto/keys.h
common/classify/classify.h:
common/base/buf.h:
common/json/ndjson.h:
common/json/path.h:
common/base/status.h:
common/classify/rules.h:
common/classify/keyname.h:
common/classify/validators.h:
common/base/span.h:
common/run/encrypt.h:
common/json/path.h:
common/classify/rules.h:
common/json/json.h:
common/crypto/keys.h:
common/crypto/passphrase.h:
common/crypto/token.h:
common/crypto/keys.h:
