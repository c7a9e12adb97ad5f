build-tsan/bin/phi-encrypt: cmd/phi-encrypt.c common/audit/audit.h \
  common/base/status.h common/classify/classify.h common/base/buf.h \
  common/json/ndjson.h common/json/path.h common/classify/rules.h \
  common/classify/keyname.h common/classify/validators.h \
  common/base/span.h common/run/cli.h common/run/encrypt.h \
  common/run/explain.h common/run/filter.h common/run/fieldsfile.h \
  common/base/hex.h common/crypto/joinkey.h common/crypto/join.h \
  common/crypto/keys.h common/crypto/passphrase.h

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

common/run/explain.h:

common/run/filter.h:

common/run/fieldsfile.h:

common/base/hex.h:

common/crypto/joinkey.h:

common/crypto/join.h:

common/crypto/keys.h:

common/crypto/passphrase.h:
