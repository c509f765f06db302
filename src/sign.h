/*
 * sign.h - detached signatures of a file with OpenSSH's `ssh-keygen -Y`
 * (the SSHSIG format), so that anyone can check them later with the same
 * standard tool and no folio at all:
 *
 *   echo "bag-signer namespaces=\"folio-bag\" $(cat KEY.pub)" >allowed_signers
 *   ssh-keygen -Y verify -f allowed_signers -I bag-signer -n folio-bag \
 *       -s FILE.sig <FILE
 *
 * Signatures are made in the namespace SIGN_NAMESPACE, so a signature made
 * for something else with the same key is never taken for a bag's.
 * ssh-keygen is run directly (never through a shell), found on PATH.
 *
 * Ownership: strings handed out are the caller's to free().
 * Errors: 0 or a negative FOLIO_E* code with the reason in *e (including
 * what ssh-keygen said).
 */
#ifndef FOLIO_SIGN_H
#define FOLIO_SIGN_H

#include "util.h"

#define SIGN_NAMESPACE "folio-bag"
#define SIGN_SUFFIX ".sig"

/* The key's fingerprint and type as ssh-keygen -l prints them, e.g.
 * "SHA256:Vb0Z…kQ (ED25519)", into *fp.  key is a private or public key
 * file.  FOLIO_EUSAGE when it is not a key ssh-keygen can read;
 * FOLIO_EIO when ssh-keygen cannot be run. */
int sign_fingerprint(const char *key, char **fp, struct ferr *e);

/* Sign path with the private key file key, writing path + SIGN_SUFFIX
 * (which must not exist).  A key with a passphrase asks for it on the
 * terminal.  FOLIO_EUSAGE for an unusable key, FOLIO_EIO otherwise. */
int sign_file(const char *key, const char *path, struct ferr *e);

/* Check signature file sig over path against the public key file pubkey
 * (one OpenSSH public key line, as in KEY.pub).  0 when it is good, with
 * ssh-keygen's confirmation ("Good \"folio-bag\" signature …") in *said
 * if said is non-NULL; FOLIO_EINPUT when it does not verify (the reason in
 * *e); FOLIO_EUSAGE when pubkey is no public key; FOLIO_EIO when
 * ssh-keygen cannot be run. */
int sign_verify(const char *pubkey, const char *path, const char *sig, char **said,
		struct ferr *e);

#endif
