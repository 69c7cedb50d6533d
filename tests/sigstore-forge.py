#!/usr/bin/python3
"""A Sigstore made in the test: a Fulcio-like CA, a Rekor-like log, and
PEP 740 provenance as PyPI serves it, signed by them.

Needs only Debian's python3-cryptography (38 or later); nothing from pip.
Run it with /usr/bin/python3.

    sigstore-forge.py init DIR
        DIR/trusted_root.json in the format of Sigstore's (certChain
        [intermediate, root]; tlogs with publicKey rawBytes, keyDetails,
        validFor; logId.keyId = sha256 of the DER SubjectPublicKeyInfo),
        and the private keys and certificates (PEM) beside it:
        fulcio-root, fulcio-intermediate (P-384), rekor (P-256, the log's
        key), rekor-old (P-256, a log key whose validFor ended in 2021),
        other-root and other-intermediate (a CA with the same names as the
        trusted one, not in the root), ctlog (P-256, listed only).

    sigstore-forge.py attest DIR FILE... --out OUTDIR [options]
        OUTDIR/<basename of FILE>.provenance for each FILE: the object
        PyPI's Integrity API serves,
        {"version":1,"attestation_bundles":[{"publisher":{...},
         "attestations":[<one attestation>]}]},
        the attestation made as sigstore-python makes it: envelope
        (statement, signature), verification_material (certificate,
        transparency_entries: one dsse 0.0.1 entry with its signed entry
        timestamp and an inclusion proof in an RFC 6962 tree of several
        leaves, with a checkpoint signed as Rekor signs its notes).
        The files of one call are leaves of one tree.

        --publisher GitHub|GitLab|Google   (default GitHub)
        --repository OWNER/REPO --workflow FILE --ref REF
        --environment NAME                 (GitHub and GitLab)
        --email ADDRESS                    (Google)
        --time EPOCH                       the integrated time (default now)

    Hostile options, each makes one thing wrong and the rest right:
        --tamper-statement        the statement changed after signing
        --subject-sha256 HEX      the signed statement names this digest
        --subject-name NAME       the signed statement names this file
        --other-ca                the leaf comes from a CA not in the root
        --bad-inclusion           one audit-path hash is wrong
        --bad-set                 the signed entry timestamp is by another key
        --bad-checkpoint          the checkpoint is signed by another key
        --log-key-expired         logged by rekor-old, whose validFor in the
                                  root ended before the integrated time
        --cert-expired            logged after the leaf's 10 minutes (the
                                  leaf was issued 21 minutes before)
        --publisher-object-mismatch  the (unsigned) publisher object names
                                  another repository than the certificate
        --payload-mismatch        the log entry's payloadHash is not the
                                  statement's (signature and SET still good)
        --extra-subject NAME      the statement has a second subject
        --predicate-type URL      the statement's predicateType
        --no-codesigning          the leaf's extended key usage is serverAuth
        --leaf-ca                 the leaf is a CA (basicConstraints CA:TRUE,
                                  keyCertSign)
        --issuer-mismatch         the leaf's .1.1 issuer is not its .1.8
        --source-host URL         the leaf's source repository (.1.12) is on
                                  this host, its SAN still on GitHub's
        --checkpoint-other-tree   the checkpoint, well signed, is of another
                                  tree (one leaf more)
        --entry-other-signature   the log entry carries another (valid)
                                  signature of the statement than the envelope
        --entry-other-verifier    the log entry's verifier is another leaf
                                  (same identity) than the envelope's
    A lying log (its key signs a checkpoint of the root the proof leads to;
    only the proof's shape is wrong):
        --short-path              the audit path lacks its last hash
        --index-at-size           the proof's index is the tree size
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
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UTC = datetime.timezone.utc
STATEMENT_V1 = "https://in-toto.io/Statement/v1"
PUBLISH_V1 = "https://docs.pypi.org/attestations/publish/v1"
PAYLOAD_TYPE = b"application/vnd.in-toto+json"
LOG_ORIGIN = "rekor.sigstore.test"
LOG_TREE_ID = "4872951306117219823"
LOG_SHARD_OFFSET = 120000000   # logIndex = shard offset + index in the tree
FULCIO_OID = "1.3.6.1.4.1.57264.1."

# --------------------------------------------------------------- helpers


def b64e(data):
    return base64.b64encode(data).decode("ascii")


def sha256(data):
    return hashlib.sha256(data).digest()


def canonical(obj):
    """RFC 8785-ish canonical JSON, as Rekor and sigstore sign it."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def rfc3339(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def spki_der(key):
    return key.public_key().public_bytes(
        serialization.Encoding.DER,
        serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(key):
    return sha256(spki_der(key))


def write_key(path, key):
    with open(path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    os.chmod(path, 0o600)


def read_key(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), None)


def write_cert(path, cert):
    with open(path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))


def read_cert(path):
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificate(f.read())


def der_utf8(text):
    """A DER UTF8String (Fulcio's extensions from .1.8 on)."""
    data = text.encode("utf-8")
    n = len(data)
    if n < 0x80:
        head = bytes([n])
    else:
        lb = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(lb)]) + lb
    return b"\x0c" + head + data


# --------------------------------------------------------------- the CA

CA_NAME = x509.Name([
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "sigstore.test"),
    x509.NameAttribute(NameOID.COMMON_NAME, "sigstore"),
])
INTERMEDIATE_NAME = x509.Name([
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "sigstore.test"),
    x509.NameAttribute(NameOID.COMMON_NAME, "sigstore-intermediate"),
])
CA_START = datetime.datetime(2020, 1, 1, tzinfo=UTC)
CA_END = datetime.datetime(2099, 12, 31, tzinfo=UTC)


def make_ca_cert(subject, key, issuer, issuer_key, path_len):
    b = (x509.CertificateBuilder()
         .subject_name(subject).issuer_name(issuer)
         .public_key(key.public_key())
         .serial_number(x509.random_serial_number())
         .not_valid_before(CA_START).not_valid_after(CA_END)
         .add_extension(x509.KeyUsage(
             digital_signature=False, content_commitment=False,
             key_encipherment=False, data_encipherment=False,
             key_agreement=False, key_cert_sign=True, crl_sign=True,
             encipher_only=False, decipher_only=False), critical=True)
         .add_extension(x509.BasicConstraints(ca=True, path_length=path_len),
                        critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(
             key.public_key()), critical=False))
    if issuer_key is not key:
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            issuer_key.public_key()), critical=False)
        b = b.add_extension(x509.ExtendedKeyUsage(
            [ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
    return b.sign(issuer_key, hashes.SHA384())


def make_ca(d, prefix):
    root_key = ec.generate_private_key(ec.SECP384R1())
    root = make_ca_cert(CA_NAME, root_key, CA_NAME, root_key, 1)
    inter_key = ec.generate_private_key(ec.SECP384R1())
    inter = make_ca_cert(INTERMEDIATE_NAME, inter_key, CA_NAME, root_key, 0)
    write_key(os.path.join(d, prefix + "-root.key"), root_key)
    write_cert(os.path.join(d, prefix + "-root.crt"), root)
    write_key(os.path.join(d, prefix + "-intermediate.key"), inter_key)
    write_cert(os.path.join(d, prefix + "-intermediate.crt"), inter)
    return root, inter


def tlog_entry(key, start, end=None):
    valid = {"start": rfc3339(start)}
    if end is not None:
        valid["end"] = rfc3339(end)
    return {
        "baseUrl": "https://" + LOG_ORIGIN,
        "hashAlgorithm": "SHA2_256",
        "publicKey": {
            "rawBytes": b64e(spki_der(key)),
            "keyDetails": "PKIX_ECDSA_P256_SHA_256",
            "validFor": valid,
        },
        "logId": {"keyId": b64e(key_id(key))},
    }


def cmd_init(args):
    d = args.dir
    os.makedirs(d, exist_ok=True)
    root, inter = make_ca(d, "fulcio")
    make_ca(d, "other")
    keys = {}
    for name in ("rekor", "rekor-old", "ctlog", "rogue"):
        keys[name] = ec.generate_private_key(ec.SECP256R1())
        write_key(os.path.join(d, name + ".key"), keys[name])
    trusted = {
        "mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
        "tlogs": [
            tlog_entry(keys["rekor-old"], CA_START,
                       datetime.datetime(2021, 1, 1, tzinfo=UTC)),
            tlog_entry(keys["rekor"], CA_START),
        ],
        "certificateAuthorities": [{
            "subject": {"organization": "sigstore.test",
                        "commonName": "sigstore"},
            "uri": "https://fulcio.sigstore.test",
            "certChain": {"certificates": [
                {"rawBytes": b64e(c.public_bytes(serialization.Encoding.DER))}
                for c in (inter, root)]},
            "validFor": {"start": rfc3339(CA_START)},
        }],
        "ctlogs": [{
            "baseUrl": "https://ctfe.sigstore.test/test",
            "hashAlgorithm": "SHA2_256",
            "publicKey": {
                "rawBytes": b64e(spki_der(keys["ctlog"])),
                "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                "validFor": {"start": rfc3339(CA_START)},
            },
            "logId": {"keyId": b64e(key_id(keys["ctlog"]))},
        }],
        "timestampAuthorities": [],
    }
    with open(os.path.join(d, "trusted_root.json"), "w",
              encoding="utf-8") as f:
        json.dump(trusted, f, indent=2)
        f.write("\n")
    return 0


# --------------------------------------------------------------- leaves


def identity(args):
    """(SAN, extensions [(oid suffix, raw bytes)], publisher object)."""
    repo, ref, wf = args.repository, args.ref, args.workflow
    sha = hashlib.sha1(("%s@%s" % (repo, ref)).encode()).hexdigest()
    if args.publisher == "GitHub":
        issuer = "https://token.actions.githubusercontent.com"
        server = "https://github.com"
        source = args.source_host or server
        signer = "%s/%s/.github/workflows/%s@%s" % (server, repo, wf, ref)
        owner = repo.split("/")[0]
        exts = [
            ("1", (b"https://accounts.google.com" if args.issuer_mismatch
                   else issuer.encode())),           # raw, deprecated
            ("2", b"push"),
            ("3", sha.encode()),
            ("4", b"Publish to PyPI"),
            ("5", repo.encode()),
            ("6", ref.encode()),
            ("8", der_utf8(issuer)),
            ("9", der_utf8(signer)),
            ("10", der_utf8(sha)),
            ("11", der_utf8("github-hosted")),
            ("12", der_utf8("%s/%s" % (source, repo))),
            ("13", der_utf8(sha)),
            ("14", der_utf8(ref)),
            ("15", der_utf8("712345678")),
            ("16", der_utf8("%s/%s" % (server, owner))),
            ("17", der_utf8("81234567")),
            ("18", der_utf8(signer)),
            ("19", der_utf8(sha)),
            ("20", der_utf8("push")),
            ("21", der_utf8("%s/%s/actions/runs/11234567890/attempts/1"
                            % (server, repo))),
            ("22", der_utf8("public")),
        ]
        san = x509.UniformResourceIdentifier(signer)
        pub = {"kind": "GitHub", "repository": repo, "workflow": wf,
               "environment": args.environment or None}
    elif args.publisher == "GitLab":
        issuer = "https://gitlab.com"
        server = "https://gitlab.com"
        signer = "%s/%s//%s@%s" % (server, repo, wf, ref)
        exts = [
            ("8", der_utf8(issuer)),
            ("9", der_utf8(signer)),
            ("10", der_utf8(sha)),
            ("11", der_utf8("gitlab-hosted")),
            ("12", der_utf8("%s/%s" % (server, repo))),
            ("13", der_utf8(sha)),
            ("14", der_utf8(ref)),
            ("15", der_utf8("51234567")),
            ("16", der_utf8("%s/%s" % (server, repo.split("/")[0]))),
            ("17", der_utf8("7123456")),
            ("18", der_utf8(signer)),
            ("19", der_utf8(sha)),
            ("20", der_utf8("push")),
            ("21", der_utf8("%s/%s/-/jobs/8123456789" % (server, repo))),
            ("22", der_utf8("public")),
        ]
        san = x509.UniformResourceIdentifier(signer)
        pub = {"kind": "GitLab", "repository": repo,
               "workflow_filepath": wf,
               "environment": args.environment or None}
    else:
        issuer = "https://accounts.google.com"
        exts = [("1", issuer.encode()), ("8", der_utf8(issuer))]
        san = x509.RFC822Name(args.email)
        pub = {"kind": "Google", "email": args.email}
    return san, exts, pub


def make_leaf(args, ca_dir, prefix, not_before):
    inter = read_cert(os.path.join(ca_dir, prefix + "-intermediate.crt"))
    inter_key = read_key(os.path.join(ca_dir, prefix + "-intermediate.key"))
    key = ec.generate_private_key(ec.SECP256R1())
    san, exts, pub = identity(args)
    eku = (ExtendedKeyUsageOID.SERVER_AUTH if args.no_codesigning
           else ExtendedKeyUsageOID.CODE_SIGNING)
    b = (x509.CertificateBuilder()
         .subject_name(x509.Name([])).issuer_name(inter.subject)
         .public_key(key.public_key())
         .serial_number(x509.random_serial_number())
         .not_valid_before(not_before)
         .not_valid_after(not_before + datetime.timedelta(minutes=10))
         .add_extension(x509.KeyUsage(
             digital_signature=True, content_commitment=False,
             key_encipherment=False, data_encipherment=False,
             key_agreement=False, key_cert_sign=args.leaf_ca,
             crl_sign=False, encipher_only=False, decipher_only=False),
             critical=True)
         .add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(
             key.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
             inter_key.public_key()), critical=False)
         .add_extension(x509.SubjectAlternativeName([san]), critical=True))
    if args.leaf_ca:
        b = b.add_extension(x509.BasicConstraints(ca=True, path_length=None),
                            critical=True)
    for suffix, raw in exts:
        b = b.add_extension(x509.UnrecognizedExtension(
            x509.ObjectIdentifier(FULCIO_OID + suffix), raw), critical=False)
    return b.sign(inter_key, hashes.SHA384()), key, pub


# --------------------------------------------------------------- the log


def leaf_hash(body):
    return sha256(b"\x00" + body)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def mth(leaves):
    """RFC 6962 Merkle tree hash of leaf hashes."""
    n = len(leaves)
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def audit_path(m, leaves):
    """RFC 6962 PATH(m, D[n]), leaf to root."""
    n = len(leaves)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return audit_path(m, leaves[:k]) + [mth(leaves[k:])]
    return audit_path(m - k, leaves[k:]) + [mth(leaves[:k])]


def walk(index, size, leaf, proof):
    """RFC 9162 2.1.3.2 without its checks: (root, sn at the end)."""
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r, sn


def steps_to_top(index, size):
    """How many hashes walk() takes from index to sn == 0."""
    n = 0
    while walk(index, size, b"\0" * 32, [b"\0" * 32] * n)[1] != 0:
        n += 1
    return n


def sign(key, data):
    return key.sign(data, ec.ECDSA(hashes.SHA256()))


def checkpoint(log_key, size, root, signer_key=None):
    text = "%s - %s\n%d\n%s\n" % (LOG_ORIGIN, LOG_TREE_ID, size, b64e(root))
    sig = sign(signer_key or log_key, text.encode())
    return "%s\n\u2014 %s %s\n" % (text, LOG_ORIGIN,
                                   b64e(key_id(log_key)[:4] + sig))


def dsse_pae(body):
    return b" ".join([b"DSSEv1", str(len(PAYLOAD_TYPE)).encode(),
                      PAYLOAD_TYPE, str(len(body)).encode(), body])


def cmd_attest(args):
    d = args.dir
    os.makedirs(args.out, exist_ok=True)
    now = args.time if args.time is not None else int(
        datetime.datetime.now(UTC).timestamp())
    integrated = now
    not_before = datetime.datetime.fromtimestamp(now - 20, UTC)
    if args.cert_expired:
        # Issued 21 minutes ago: its 10 minutes ended before the entry.
        not_before = datetime.datetime.fromtimestamp(now - 21 * 60, UTC)
    log_name = "rekor-old" if args.log_key_expired else "rekor"
    log_key = read_key(os.path.join(d, log_name + ".key"))
    rogue = read_key(os.path.join(d, "rogue.key"))
    log_id = key_id(log_key)

    made = []
    for path in args.files:
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        name = os.path.basename(path)
        subjects = [{"name": args.subject_name or name,
                     "digest": {"sha256": args.subject_sha256 or digest}}]
        if args.extra_subject:
            subjects.append({"name": args.extra_subject,
                             "digest": {"sha256": hashlib.sha256(
                                 args.extra_subject.encode()).hexdigest()}})
        statement = canonical({
            "_type": STATEMENT_V1,
            "subject": subjects,
            "predicateType": args.predicate_type or PUBLISH_V1,
            "predicate": None,
        })
        # sigstore-python's key order, compact
        statement = json.dumps(json.loads(statement), separators=(",", ":")
                               ).encode()
        cert, key, pub = make_leaf(args, d,
                                   "other" if args.other_ca else "fulcio",
                                   not_before)
        signature = sign(key, dsse_pae(statement))
        cert_der = cert.public_bytes(serialization.Encoding.DER)
        cert_pem = cert.public_bytes(serialization.Encoding.PEM)
        envelope = {"payload": b64e(statement),
                    "payloadType": PAYLOAD_TYPE.decode(),
                    "signatures": [{"sig": b64e(signature)}]}
        logged = statement
        if args.payload_mismatch:
            logged = statement + b" "
        logged_sig = signature
        if args.entry_other_signature:
            # ECDSA signs with a fresh nonce: another valid signature,
            # of the same length (only the bytes differ).
            while logged_sig == signature or len(logged_sig) != len(signature):
                logged_sig = sign(key, dsse_pae(statement))
        if args.entry_other_verifier:
            while True:
                other, _, _ = make_leaf(args, d, "fulcio", not_before)
                if len(other.public_bytes(serialization.Encoding.DER)) \
                        == len(cert_der):
                    break
            cert_pem = other.public_bytes(serialization.Encoding.PEM)
        body = canonical({
            "apiVersion": "0.0.1", "kind": "dsse",
            "spec": {
                "envelopeHash": {"algorithm": "sha256",
                                 "value": hashlib.sha256(
                                     canonical(envelope)).hexdigest()},
                "payloadHash": {"algorithm": "sha256",
                                "value": hashlib.sha256(logged).hexdigest()},
                "signatures": [{"signature": b64e(logged_sig),
                                "verifier": b64e(cert_pem)}],
            },
        })
        if args.tamper_statement:
            stmt = json.loads(statement)
            stmt["predicate"] = {"tampered": True}
            statement = json.dumps(stmt, separators=(",", ":")).encode()
        if args.publisher_object_mismatch:
            pub = dict(pub)
            if "repository" in pub:
                pub["repository"] = pub["repository"] + "-fork"
            else:
                pub["email"] = "other-" + pub["email"]
        made.append({"name": name, "body": body, "statement": statement,
                     "signature": signature, "cert": cert_der, "pub": pub})

    # One tree: filler leaves before, between and after the entries.
    leaves = [sha256(b"filler %d" % i) for i in range(3)]
    for m in made:
        m["index"] = len(leaves)
        leaves.append(leaf_hash(m["body"]))
        leaves.append(sha256(b"filler after %s" % m["name"].encode()))
    leaves += [sha256(b"tail %d" % i) for i in range(2)]
    size = len(leaves)
    root = mth(leaves)
    if args.checkpoint_other_tree:
        bigger = leaves + [sha256(b"one more")]
        note = checkpoint(log_key, len(bigger), mth(bigger))
    else:
        note = checkpoint(log_key, size, root, rogue if args.bad_checkpoint
                          else None)

    for m in made:
        path = audit_path(m["index"], leaves)
        entry_root, entry_note = root, note
        if args.bad_inclusion:
            h = bytearray(path[len(path) // 2])
            h[0] ^= 0x01
            path[len(path) // 2] = bytes(h)
        if args.index_at_size:
            m["index"] = size
            path = [sha256(b"lie %d" % i)
                    for i in range(steps_to_top(size, size))]
        if args.short_path:
            path = path[:-1]
        if args.short_path or args.index_at_size:
            entry_root = walk(m["index"], size, leaf_hash(m["body"]), path)[0]
            entry_note = checkpoint(log_key, size, entry_root)
        log_index = LOG_SHARD_OFFSET + m["index"]
        body_b64 = b64e(m["body"])
        set_payload = canonical({
            "body": body_b64,
            "integratedTime": integrated,
            "logID": log_id.hex(),
            "logIndex": log_index,
        })
        set_sig = sign(rogue if args.bad_set else log_key, set_payload)
        attestation = {
            "version": 1,
            "verification_material": {
                "certificate": b64e(m["cert"]),
                "transparency_entries": [{
                    "logIndex": str(log_index),
                    "logId": {"keyId": b64e(log_id)},
                    "kindVersion": {"kind": "dsse", "version": "0.0.1"},
                    "integratedTime": str(integrated),
                    "inclusionPromise": {"signedEntryTimestamp":
                                         b64e(set_sig)},
                    "inclusionProof": {
                        "logIndex": str(m["index"]),
                        "rootHash": b64e(entry_root),
                        "treeSize": str(size),
                        "hashes": [b64e(h) for h in path],
                        "checkpoint": {"envelope": entry_note},
                    },
                    "canonicalizedBody": body_b64,
                }],
            },
            "envelope": {
                "statement": b64e(m["statement"]),
                "signature": b64e(m["signature"]),
            },
        }
        provenance = {
            "version": 1,
            "attestation_bundles": [{
                "publisher": m["pub"],
                "attestations": [attestation],
            }],
        }
        with open(os.path.join(args.out, m["name"] + ".provenance"), "w",
                  encoding="utf-8") as f:
            f.write(json.dumps(provenance, separators=(",", ":")) + "\n")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("init")
    p.add_argument("dir")
    p = sub.add_parser("attest")
    p.add_argument("dir")
    p.add_argument("files", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--publisher", default="GitHub",
                   choices=("GitHub", "GitLab", "Google"))
    p.add_argument("--repository", default="owner/repo")
    p.add_argument("--workflow", default=None)
    p.add_argument("--ref", default="refs/heads/main")
    p.add_argument("--environment", default="")
    p.add_argument("--email",
                   default="123456789-compute@developer.gserviceaccount.com")
    p.add_argument("--time", type=int, default=None)
    for flag in ("tamper-statement", "other-ca", "bad-inclusion", "bad-set",
                 "bad-checkpoint", "log-key-expired", "cert-expired",
                 "publisher-object-mismatch", "payload-mismatch",
                 "no-codesigning", "leaf-ca", "issuer-mismatch",
                 "checkpoint-other-tree", "entry-other-signature",
                 "entry-other-verifier", "short-path", "index-at-size"):
        p.add_argument("--" + flag, action="store_true")
    p.add_argument("--subject-sha256")
    p.add_argument("--subject-name")
    p.add_argument("--extra-subject")
    p.add_argument("--predicate-type")
    p.add_argument("--source-host")
    args = ap.parse_args(argv)
    if args.cmd == "init":
        return cmd_init(args)
    if args.workflow is None:
        args.workflow = (".gitlab-ci.yml" if args.publisher == "GitLab"
                         else "publish.yml")
    return cmd_attest(args)


if __name__ == "__main__":
    sys.exit(main())
