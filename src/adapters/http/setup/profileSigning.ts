import forge from 'node-forge';

/** A certificate (PEM) and its private key (PEM), plus intermediates, to sign Apple profiles with. */
export interface ProfileSigner {
  readonly certificatePem: string;
  readonly keyPem: string;
  /** Intermediate certificates (PEM, concatenated), included so that iOS can build the chain. */
  readonly chainPem?: string;
}

/**
 * Signs a `.mobileconfig` as CMS/PKCS#7 signed data (DER, content attached), which iOS and macOS
 * show as "Verified" when the certificate chains to a trusted root. Checked once at start-up so
 * that a wrong key or certificate fails there, not at a user's download.
 */
export function profileSigner(signer: ProfileSigner): (xml: string) => Buffer {
  const certificate = forge.pki.certificateFromPem(signer.certificatePem);
  const key = forge.pki.privateKeyFromPem(signer.keyPem) as forge.pki.rsa.PrivateKey;
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  if (publicKey.n.compareTo(key.n) !== 0) throw new Error('The profile signing key does not belong to the certificate.');
  const chain = (signer.chainPem ?? '').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return (xml: string) => {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(forge.util.encodeUtf8(xml));
    p7.addCertificate(certificate);
    for (const pem of chain) p7.addCertificate(forge.pki.certificateFromPem(pem));
    p7.addSigner({
      key, certificate, digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
        { type: forge.pki.oids.messageDigest! },
        { type: forge.pki.oids.signingTime!, value: new Date() as unknown as string },
      ],
    });
    p7.sign();
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  };
}
