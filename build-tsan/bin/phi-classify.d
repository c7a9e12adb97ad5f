build-tsan/bin/phi-classify: cmd/phi-classify.c common/audit/audit.h \
  common/base/status.h common/classify/classify.h common/base/buf.h \
  common/json/ndjson.h common/json/path.h common/classify/rules.h \
  common/classify/keyname.h common/classify/validators.h \
  common/base/span.h common/classify/classwalk.h common/run/cli.h \
  common/run/filter.h common/crypto/keys.h common/crypto/passphrase.h \
  common/base/outfile.h common/base/newfile.h

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

common/classify/classwalk.h:

common/run/cli.h:

common/run/filter.h:

common/crypto/keys.h:

common/crypto/passphrase.h:

common/base/outfile.h:

common/base/newfile.h:
