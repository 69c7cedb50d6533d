#!/usr/bin/python3
"""An independent offline verifier of PEP 740 provenance, for the tests:
it proves tests/sigstore-forge.py's fixtures (the good ones pass, each
hostile one fails at its step) without relcheck's C code, and is the
peer bench/provenance.sh measures relcheck against.

Adapted from ../shared/testdata/sigstore/verify.py (the step-by-step
checker shipped with the real attestations).  Needs only Debian's
python3-cryptography; run it with /usr/bin/python3.

    sigstore-verify.py --root trusted_root.json [--dist DIR] [--sha256 HEX]
        [--name NAME] [--publisher GitHub|GitLab|Google --repository O/R
        --workflow FILE --environment ENV --email ADDRESS --ref REF]
        [--quiet] PROVENANCE...

Each PROVENANCE is what PyPI's Integrity API serves ({"version": 1,
"attestation_bundles": [...]}) or one bare attestation.  The file it is
for is NAME (default: PROVENANCE's basename without ".provenance") and
its sha256 is HEX or that of DIR/NAME.  Without --publisher the identity
is printed, not checked.

One line per step and attestation, "PASS|FAIL|SKIP <file> <step>[: ...]",
then "N passed, N failed".  Exit 0 when nothing failed.  The steps:

  statement   envelope.statement is an in-toto Statement v1, one subject,
              predicateType publish/v1 or slsa provenance/v1
  subject     the subject is NAME with sha256 HEX
  signature   ECDSA P-256 over the DSSE PAE, by the certificate's key
  log-body    the Rekor dsse 0.0.1 body: payloadHash = sha256(statement),
              its signature and verifier are this envelope's
  chain       the certificate (codeSigning, not a CA) chains (signatures)
              to a CA of the root, whose validFor holds the integrated time
  cert-time   the certificate was valid at the integrated time
  log-key     the entry's log is in the root, keyId = sha256(key), and
              the key's validFor holds the integrated time
  inclusion   RFC 6962 inclusion proof from SHA256(0x00||body) to rootHash
  set         signedEntryTimestamp verifies with the log key, and its
              integrated time is not in the future
  checkpoint  the checkpoint is a note signed by the log key, with the
              proof's tree size and root hash
  timestamp   (where present) the RFC 3161 token
  identity    the certificate names the expected publisher (issuer, one
              if named twice, SAN, repository, workflow, ref)
  publisher   the bundle's publisher object is the expected kind and
              agrees with the certificate (and names the environment)
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

IN_TOTO_STATEMENT_V1 = "https://in-toto.io/Statement/v1"
PREDICATES = ("https://docs.pypi.org/attestations/publish/v1",
              "https://slsa.dev/provenance/v1")
DSSE_PAYLOAD_TYPE = b"application/vnd.in-toto+json"
FULCIO = "1.3.6.1.4.1.57264.1."
ISSUERS = {"GitHub": "https://token.actions.githubusercontent.com",
           "GitLab": "https://gitlab.com",
           "Google": "https://accounts.google.com"}
MAX_INPUT = 4 << 20


class Failed(Exception):
    pass


def require(cond, msg):
    if not cond:
        raise Failed(msg)


def b64(s):
    return base64.b64decode(s, validate=True)


def sha256(data):
    return hashlib.sha256(data).digest()


def parse_time(text):
    return int(datetime.datetime.strptime(
        text[:19], "%Y-%m-%dT%H:%M:%S").replace(
            tzinfo=datetime.timezone.utc).timestamp())


def within(valid_for, when, what):
    if not valid_for:
        return
    start = valid_for.get("start")
    end = valid_for.get("end")
    require(start is None or parse_time(start) <= when,
            "%s valid only from %s" % (what, start))
    require(end is None or when <= parse_time(end),
            "%s expired at %s, integrated time %d" % (what, end, when))


def verify_cert_signed_by(cert, issuer):
    """Signature-only check that `cert` was issued by `issuer`."""
    require(cert.issuer == issuer.subject,
            "issuer name %s != %s" % (cert.issuer.rfc4514_string(),
                                      issuer.subject.rfc4514_string()))
    issuer.public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                               ec.ECDSA(cert.signature_hash_algorithm))


def chain_to_roots(leaf, chains):
    """Each chain is (certs [intermediate..., root], validFor)."""
    errors = []
    for chain, _ in chains:
        path = [leaf] + chain
        try:
            for child, parent in zip(path, path[1:]):
                verify_cert_signed_by(child, parent)
            verify_cert_signed_by(chain[-1], chain[-1])
            return chain
        except Exception as exc:
            errors.append("%s: %s" % (type(exc).__name__, exc))
    raise Failed("no trusted chain verifies: " + "; ".join(errors))


def dsse_pae(payload_type, body):
    return b" ".join([b"DSSEv1", str(len(payload_type)).encode(), payload_type,
                      str(len(body)).encode(), body])


def root_from_inclusion_proof(index, size, leaf_hash, proof):
    """RFC 9162 section 2.1.3.2."""
    require(0 <= index < size, "index %d not below tree size %d" % (index, size))
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        require(sn != 0, "proof has too many hashes")
        if fn & 1 or fn == sn:
            r = sha256(b"\x01" + p + r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = sha256(b"\x01" + r + p)
        fn >>= 1
        sn >>= 1
    require(sn == 0, "proof has too few hashes")
    return r


# --- minimal DER reader (enough for an RFC 3161 TimeStampResp) -------------

def der_tlv(buf, pos):
    """Return (tag, header_start, content_start, end) of the TLV at pos."""
    start = pos
    tag = buf[pos]
    pos += 1
    length = buf[pos]
    pos += 1
    if length & 0x80:
        n = length & 0x7F
        length = int.from_bytes(buf[pos:pos + n], "big")
        pos += n
    return tag, start, pos, pos + length


def der_children(buf, tlv):
    _, _, pos, end = tlv
    out = []
    while pos < end:
        child = der_tlv(buf, pos)
        out.append(child)
        pos = child[3]
    return out


def der_bytes(buf, tlv):
    return buf[tlv[1]:tlv[3]]


def der_content(buf, tlv):
    return buf[tlv[2]:tlv[3]]


OID_SIGNED_DATA = bytes.fromhex("06092a864886f70d010702")
OID_TST_INFO = bytes.fromhex("060b2a864886f70d0109100104")
OID_MESSAGE_DIGEST = bytes.fromhex("06092a864886f70d010904")
OID_SHA256 = bytes.fromhex("0609608648016503040201")
OID_ECDSA_SHA256 = bytes.fromhex("06082a8648ce3d040302")
OID_ECDSA_SHA384 = bytes.fromhex("06082a8648ce3d040303")


def verify_rfc3161(token_der, signed_message, tsa_chains):
    resp = der_tlv(token_der, 0)
    status, content_info = der_children(token_der, resp)[:2]
    status_int = der_children(token_der, status)[0]
    require(der_content(token_der, status_int) in (b"\x00", b"\x01"), "PKIStatus not granted")
    ci = der_children(token_der, content_info)
    require(der_bytes(token_der, ci[0]) == OID_SIGNED_DATA, "not SignedData")
    signed_data = der_children(token_der, ci[1])[0]
    sd = der_children(token_der, signed_data)
    encap = sd[2]
    ec_type, ec_wrapper = der_children(token_der, encap)
    require(der_bytes(token_der, ec_type) == OID_TST_INFO, "eContentType is not TSTInfo")
    tst_octets = der_children(token_der, ec_wrapper)[0]
    tst_der = der_content(token_der, tst_octets)
    certs = [x509.load_der_x509_certificate(der_bytes(token_der, c))
             for c in der_children(token_der, sd[3])] if sd[3][0] == 0xA0 else []
    signer_infos = sd[-1]
    require(signer_infos[0] == 0x31, "signerInfos not found")
    si = der_children(token_der, der_children(token_der, signer_infos)[0])
    digest_alg, signed_attrs, sig_alg, sig = si[2], si[3], si[4], si[5]
    require(signed_attrs[0] == 0xA0, "no signedAttrs")
    require(der_bytes(token_der, der_children(token_der, digest_alg)[0]) == OID_SHA256,
            "digestAlgorithm is not sha256")
    sig_oid = der_bytes(token_der, der_children(token_der, sig_alg)[0])
    sig_hash = {OID_ECDSA_SHA256: hashes.SHA256(), OID_ECDSA_SHA384: hashes.SHA384()}[sig_oid]
    # messageDigest attribute must be the digest of the TSTInfo
    md = None
    for attr in der_children(token_der, signed_attrs):
        oid, values = der_children(token_der, attr)
        if der_bytes(token_der, oid) == OID_MESSAGE_DIGEST:
            md = der_content(token_der, der_children(token_der, values)[0])
    require(md == sha256(tst_der), "messageDigest != sha256(TSTInfo)")
    # the signature covers the signedAttrs re-tagged as a SET OF
    attrs_der = b"\x31" + der_bytes(token_der, signed_attrs)[1:]
    require(certs, "token carries no certificate")
    tsa_leaf = certs[0]
    tsa_leaf.public_key().verify(der_content(token_der, sig), attrs_der, ec.ECDSA(sig_hash))
    # TSTInfo: version, policy, messageImprint{alg, hashedMessage}, serial, genTime
    tst = der_children(tst_der, der_tlv(tst_der, 0))
    imprint = der_children(tst_der, tst[2])
    require(der_bytes(tst_der, der_children(tst_der, imprint[0])[0]) == OID_SHA256,
            "messageImprint algorithm is not sha256")
    require(der_content(tst_der, imprint[1]) == sha256(signed_message),
            "messageImprint != sha256(envelope signature)")
    gen_time = der_content(tst_der, tst[4]).decode()
    # trusted_root.json lists [TSA leaf, ..., root]; the token's leaf must be the pinned one
    chains = [(chain[1:], None) for chain in tsa_chains
              if chain and chain[0] == tsa_leaf]
    require(chains, "TSA certificate in token is not one listed in trusted_root.json")
    chain_to_roots(tsa_leaf, chains)
    return f"genTime {gen_time}"


# --- per-attestation checks ----------------------------------------------


def fulcio_ext(cert, suffix):
    """A Fulcio extension's text: .1.1 to .1.6 are raw, the rest DER
    UTF8String."""
    for ext in cert.extensions:
        if ext.oid.dotted_string == FULCIO + suffix:
            raw = ext.value.value
            if int(suffix) >= 8:
                require(raw[:1] == b"\x0c", "extension %s%s is not a "
                        "UTF8String" % (FULCIO, suffix))
                n = raw[1]
                off = 2
                if n & 0x80:
                    k = n & 0x7f
                    n = int.from_bytes(raw[2:2 + k], "big")
                    off = 2 + k
                require(off + n == len(raw), "extension %s%s: bad length"
                        % (FULCIO, suffix))
                return raw[off:].decode("utf-8")
            return raw.decode("utf-8")
    return None


def cert_identity(cert):
    san = cert.extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value
    ids = [str(g.value) for g in san]
    return ids, fulcio_ext(cert, "8") or fulcio_ext(cert, "1")


class Verifier:
    def __init__(self, args, trusted_root):
        self.args = args
        self.root = trusted_root
        self.passed = 0
        self.failed = 0
        self.failures = []

    def step(self, tag, label, fn, needs=()):
        """Run one step; SKIP when a step it needs did not pass."""
        if any(n not in self.state for n in needs):
            if not self.args.quiet:
                print("SKIP %s %s" % (tag, label))
            return
        try:
            detail = fn()
        except Exception as exc:  # any exception is a failed step
            self.failed += 1
            self.failures.append(label)
            print("FAIL %s %s: %s" % (tag, label,
                                      exc if isinstance(exc, Failed)
                                      else "%s: %s" % (type(exc).__name__, exc)))
            return
        self.passed += 1
        self.state[label] = True
        if not self.args.quiet:
            print("PASS %s %s%s" % (tag, label, ": " + detail if detail else ""))

    def rekor_key(self, tlog):
        kid = tlog["logId"]["keyId"]
        for t in self.root["tlogs"]:
            if t["logId"]["keyId"] == kid:
                der = b64(t["publicKey"]["rawBytes"])
                require(sha256(der) == b64(kid), "log key id != sha256(key)")
                return serialization.load_der_public_key(der), t
        raise Failed("log %s not in the trusted root" % kid)

    def attestation(self, tag, att, publisher, name, want_sha):
        a = self.args
        env = att["envelope"]
        vm = att["verification_material"]
        entries = vm["transparency_entries"]
        require(len(entries) >= 1, "no transparency entry")
        tlog = entries[0]
        st = self.state = {}
        when = int(tlog["integratedTime"])

        def statement():
            raw = b64(env["statement"])
            stmt = json.loads(raw)
            require(stmt["_type"] == IN_TOTO_STATEMENT_V1,
                    "_type is %s" % stmt["_type"])
            require(stmt.get("predicateType") in PREDICATES,
                    "predicateType %s" % stmt.get("predicateType"))
            require(len(stmt["subject"]) == 1, "%d subjects"
                    % len(stmt["subject"]))
            st["stmt"] = raw
            st["subject"] = stmt["subject"][0]

        def subject():
            s = st["subject"]
            require(s["name"] == name, "subject %s, not %s" % (s["name"], name))
            got = s["digest"]["sha256"]
            require(got == want_sha, "subject sha256 %s, the file's %s"
                    % (got, want_sha))
            return "%s sha256 %s" % (name, got)

        def signature():
            cert = x509.load_der_x509_certificate(b64(vm["certificate"]))
            st["cert"] = cert
            pub = cert.public_key()
            require(isinstance(pub, ec.EllipticCurvePublicKey)
                    and pub.curve.name == "secp256r1",
                    "certificate key is not P-256")
            pub.verify(b64(env["signature"]),
                       dsse_pae(DSSE_PAYLOAD_TYPE, st["stmt"]),
                       ec.ECDSA(hashes.SHA256()))

        def log_body():
            body = json.loads(b64(tlog["canonicalizedBody"]))
            require(body["kind"] == "dsse" and body["apiVersion"] == "0.0.1",
                    "entry kind %s %s" % (body["kind"], body["apiVersion"]))
            spec = body["spec"]
            require(spec["payloadHash"]["algorithm"] == "sha256",
                    "payloadHash not sha256")
            require(spec["payloadHash"]["value"]
                    == hashlib.sha256(st["stmt"]).hexdigest(),
                    "payloadHash != sha256(statement)")
            sigs = spec["signatures"]
            require(len(sigs) == 1 and sigs[0]["signature"] == env["signature"],
                    "entry signature != envelope.signature")
            verifier = x509.load_pem_x509_certificate(b64(sigs[0]["verifier"]))
            require(verifier.public_bytes(serialization.Encoding.DER)
                    == b64(vm["certificate"]), "entry verifier != certificate")

        def chain():
            chains = []
            for ca in self.root["certificateAuthorities"]:
                certs = [x509.load_der_x509_certificate(b64(c["rawBytes"]))
                         for c in ca["certChain"]["certificates"]]
                chains.append((certs, ca.get("validFor")))
            leaf = st["cert"]
            eku = leaf.extensions.get_extension_for_class(
                x509.ExtendedKeyUsage).value
            require(x509.oid.ExtendedKeyUsageOID.CODE_SIGNING in eku,
                    "the certificate has no codeSigning extended key usage")
            try:
                bc = leaf.extensions.get_extension_for_class(
                    x509.BasicConstraints).value
                require(not bc.ca, "the certificate is a CA")
            except x509.ExtensionNotFound:
                pass
            good = chain_to_roots(leaf, chains)
            for certs, valid in chains:
                if certs is good:
                    within(valid, when, "the CA")
            return " <- ".join(c.subject.rfc4514_string() for c in good)

        def cert_time():
            c = st["cert"]
            nb = int(c.not_valid_before.replace(
                tzinfo=datetime.timezone.utc).timestamp())
            na = int(c.not_valid_after.replace(
                tzinfo=datetime.timezone.utc).timestamp())
            require(nb <= when <= na, "integrated time %d outside the "
                    "certificate's validity %d..%d" % (when, nb, na))

        def log_key():
            _, t = self.rekor_key(tlog)
            within(t["publicKey"].get("validFor"), when, "the log key")

        def inclusion():
            proof = tlog["inclusionProof"]
            leaf = sha256(b"\x00" + b64(tlog["canonicalizedBody"]))
            root = root_from_inclusion_proof(
                int(proof["logIndex"]), int(proof["treeSize"]), leaf,
                [b64(h) for h in proof["hashes"]])
            require(root == b64(proof["rootHash"]), "computed root != rootHash")

        def set_():
            key, _ = self.rekor_key(tlog)
            now = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
            require(when <= now + 60, "integrated time %d is in the future"
                    % when)
            payload = json.dumps({
                "body": tlog["canonicalizedBody"],
                "integratedTime": when,
                "logID": b64(tlog["logId"]["keyId"]).hex(),
                "logIndex": int(tlog["logIndex"]),
            }, sort_keys=True, separators=(",", ":")).encode()
            key.verify(b64(tlog["inclusionPromise"]["signedEntryTimestamp"]),
                       payload, ec.ECDSA(hashes.SHA256()))

        def checkpoint():
            key, _ = self.rekor_key(tlog)
            proof = tlog["inclusionProof"]
            note = proof["checkpoint"]["envelope"]
            text, sig_block = note.split("\n\n", 1)
            lines = text.split("\n")
            require(lines[1] == proof["treeSize"]
                    and lines[2] == proof["rootHash"],
                    "checkpoint size/root differ from inclusionProof")
            verified = False
            for line in sig_block.strip("\n").split("\n"):
                require(line.startswith("\u2014 "), "bad signature line")
                _, _signer, sig_b64 = line.split(" ")
                raw = b64(sig_b64)
                if raw[:4] == b64(tlog["logId"]["keyId"])[:4]:
                    key.verify(raw[4:], (text + "\n").encode(),
                               ec.ECDSA(hashes.SHA256()))
                    verified = True
            require(verified, "no signature line from the log key")

        def timestamp():
            chains = [[x509.load_der_x509_certificate(b64(c["rawBytes"]))
                       for c in ta["certChain"]["certificates"]]
                      for ta in self.root.get("timestampAuthorities", [])]
            return "; ".join(verify_rfc3161(b64(ts), b64(env["signature"]),
                                            chains)
                             for ts in vm["timestamps"])

        def identity():
            ids, issuer = cert_identity(st["cert"])
            old = fulcio_ext(st["cert"], "1")
            require(old is None or old == issuer,
                    "two OIDC issuers: %s and %s" % (old, issuer))
            shown = "SAN %s, issuer %s" % (", ".join(ids), issuer)
            if not a.publisher:
                return shown + " (not checked)"
            require(issuer == ISSUERS[a.publisher],
                    "issuer %s, not %s" % (issuer, ISSUERS[a.publisher]))
            if a.publisher == "Google":
                require(ids == [a.email], "SAN %s, not %s" % (ids, a.email))
                return shown
            server = "https://github.com" if a.publisher == "GitHub" \
                else "https://gitlab.com"
            sep = "/.github/workflows/" if a.publisher == "GitHub" else "//"
            repo_uri = fulcio_ext(st["cert"], "12")
            require(repo_uri == "%s/%s" % (server, a.repository),
                    "repository %s, not %s/%s" % (repo_uri, server,
                                                  a.repository))
            want = "%s/%s%s%s@" % (server, a.repository, sep, a.workflow)
            require(len(ids) == 1 and ids[0].startswith(want),
                    "SAN %s, not %s..." % (ids, want))
            signer = fulcio_ext(st["cert"], "9")
            require(signer == ids[0], "build signer %s != SAN %s"
                    % (signer, ids[0]))
            if a.ref:
                require(ids[0] == want + a.ref, "ref %s, not %s"
                        % (ids[0][len(want):], a.ref))
            return shown

        def publisher_obj():
            require(publisher is not None, "no publisher object")
            kind = publisher.get("kind")
            ids, _ = cert_identity(st["cert"])
            if a.publisher:
                require(kind == a.publisher, "publisher kind %s, not %s"
                        % (kind, a.publisher))
            if kind == "Google":
                require(ids == [publisher.get("email")],
                        "publisher email %s, certificate %s"
                        % (publisher.get("email"), ids))
                return "Google " + publisher.get("email")
            require(kind in ("GitHub", "GitLab"), "publisher kind %s" % kind)
            server = "https://github.com" if kind == "GitHub" \
                else "https://gitlab.com"
            sep = "/.github/workflows/" if kind == "GitHub" else "//"
            wf = publisher.get("workflow" if kind == "GitHub"
                               else "workflow_filepath")
            want = "%s/%s%s%s@" % (server, publisher.get("repository"),
                                   sep, wf)
            require(len(ids) == 1 and ids[0].startswith(want),
                    "publisher %s %s, certificate %s"
                    % (publisher.get("repository"), wf, ids))
            if a.environment:
                require(publisher.get("environment") == a.environment,
                        "publisher environment %s, not %s"
                        % (publisher.get("environment"), a.environment))
            return "%s %s %s environment %s" % (
                kind, publisher.get("repository"), wf,
                publisher.get("environment"))

        self.step(tag, "statement", statement)
        self.step(tag, "subject", subject, ("statement",))
        self.step(tag, "signature", signature, ("statement",))
        self.step(tag, "log-body", log_body, ("statement",))
        self.step(tag, "chain", chain, ("signature",))
        self.step(tag, "cert-time", cert_time, ("signature",))
        self.step(tag, "log-key", log_key)
        self.step(tag, "inclusion", inclusion)
        self.step(tag, "set", set_)
        self.step(tag, "checkpoint", checkpoint)
        if vm.get("timestamps"):
            self.step(tag, "timestamp", timestamp)
        self.step(tag, "identity", identity, ("signature",))
        if publisher is not None or a.publisher:
            self.step(tag, "publisher", publisher_obj, ("signature",))

    def provenance(self, path):
        a = self.args
        name = a.name or os.path.basename(path)
        if not a.name and name.endswith(".provenance"):
            name = name[:-len(".provenance")]
        if a.sha256:
            want = a.sha256
        else:
            with open(os.path.join(a.dist or ".", name), "rb") as f:
                want = hashlib.sha256(f.read()).hexdigest()
        with open(path, "rb") as f:
            raw = f.read(MAX_INPUT + 1)
        require(len(raw) <= MAX_INPUT, "%s: larger than %d bytes"
                % (path, MAX_INPUT))
        doc = json.loads(raw)
        if "attestation_bundles" in doc:
            require(doc.get("version") == 1, "provenance version %s"
                    % doc.get("version"))
            bundles = doc["attestation_bundles"]
            require(bundles, "no attestation bundle")
            for bundle in bundles:
                require(bundle["attestations"], "a bundle without attestations")
                for att in bundle["attestations"]:
                    self.attestation(name, att, bundle.get("publisher"),
                                     name, want)
        else:
            self.attestation(name, doc, None, name, want)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--dist")
    ap.add_argument("--sha256")
    ap.add_argument("--name")
    ap.add_argument("--publisher", choices=("GitHub", "GitLab", "Google"))
    ap.add_argument("--repository")
    ap.add_argument("--workflow")
    ap.add_argument("--environment")
    ap.add_argument("--email")
    ap.add_argument("--ref")
    ap.add_argument("--quiet", action="store_true",
                    help="print failures and the count only")
    ap.add_argument("provenance", nargs="+")
    args = ap.parse_args()
    with open(args.root, encoding="utf-8") as f:
        root = json.load(f)
    v = Verifier(args, root)
    for p in args.provenance:
        try:
            v.provenance(p)
        except Exception as exc:
            v.failed += 1
            print("FAIL %s read: %s: %s" % (p, type(exc).__name__, exc))
    print("%d passed, %d failed" % (v.passed, v.failed))
    return 1 if v.failed else 0


if __name__ == "__main__":
    sys.exit(main())
