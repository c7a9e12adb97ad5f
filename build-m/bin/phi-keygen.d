build-m/bin/phi-keygen: cmd/phi-keygen.c common/audit/audit.h \
 common/base/status.h common/base/buf.h common/run/cli.h \
 common/crypto/keys.h common/crypto/passphrase.h
common/audit/audit.h:
common/base/status.h:
common/base/buf.h:
common/run/cli.h:
common/crypto/keys.h:
common/crypto/passphrase.h:
