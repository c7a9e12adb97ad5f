build-tsan/bin/phi-decrypt: cmd/phi-decrypt.c common/audit/audit.h \
  common/base/status.h common/run/cli.h common/run/decrypt.h \
  common/base/buf.h common/crypto/keys.h common/crypto/passphrase.h \
  common/json/ndjson.h common/json/path.h common/run/filter.h \
  common/json/json.h common/crypto/keyshare.h common/crypto/share.h \
  common/crypto/shamir.h

common/audit/audit.h:

common/base/status.h:

common/run/cli.h:

common/run/decrypt.h:

common/base/buf.h:

common/crypto/keys.h:

common/crypto/passphrase.h:

common/json/ndjson.h:

common/json/path.h:

common/run/filter.h:

common/json/json.h:

common/crypto/keyshare.h:

common/crypto/share.h:

common/crypto/shamir.h:
