build-tsan/common/crypto/b64url.o: common/crypto/b64url.c \
  common/crypto/b64url.h common/crypto/b64url_impl.h common/base/be64.h

common/crypto/b64url.h:

common/crypto/b64url_impl.h:

common/base/be64.h:
