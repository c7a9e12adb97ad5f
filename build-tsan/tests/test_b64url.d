build-tsan/tests/test_b64url: tests/unit/test_b64url.c \
  common/crypto/b64url.h common/crypto/b64url_impl.h tests/unit/b64ref.h \
  tests/unit/tap.h

common/crypto/b64url.h:

common/crypto/b64url_impl.h:

tests/unit/b64ref.h:

tests/unit/tap.h:
