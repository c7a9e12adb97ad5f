build-m/bin/phi-encrypt: cmd/phi-encrypt.c common/audit/audit.h \
 common/base/status.h common/classify/classify.h common/base/buf.h \
 common/json/ndjson.h common/json/path.h common/classify/rules.h \
 common/classify/keyname.h common/classify/validators.h \
 common/base/span.h common/run/cli.h common/run/encrypt.h \
 common/json/path.h common/classify/rules.h common/run/explain.h \
 common/run/encrypt.h common/run/filter.h common/run/fieldsfile.h \
 common/run/filter.h common/base/hex.h common/crypto/keys.h \
 common/crypto/passphrase.h
common/audit/audit.h:
common/base/status.h:
common/classify/classify.h:
common/base/buf.h:
common/json/ndjson.h:
common/json/path.h:
common/classify/rules.h:
common/classify/keyname.h:
common/classify/validators.h:
common/base/span.h:
common/run/cli.h:
common/run/encrypt.h:
common/json/path.h:
common/classify/rules.h:
common/run/explain.h:
common/run/encrypt.h:
common/run/filter.h:
common/run/fieldsfile.h:
common/run/filter.h:
common/base/hex.h:
common/crypto/keys.h:
common/crypto/passphrase.h:
