//! The one read `keyshelf credential-process` makes on every AWS call, straight over D-Bus to
//! the Secret Service (the same calls `secret-tool lookup` makes): open an encrypted session,
//! search for the item, get its secret.
//!
//! Why not through `keyring`: its Secret Service store (the `secret-service` crate, and
//! `dbus-secret-service` alike) computes its half of the Diffie-Hellman exchange with a
//! square-and-multiply over `num-bigint` division (`session::powm`) and a 1024-bit exponent,
//! twice a session, which profiled at a third of the whole process's time, and makes its calls
//! one after another. The exchange here is the same one (`dh-ietf1024-sha256-aes128-cbc-pkcs7`)
//! with `BigUint::modpow` (Montgomery multiplication) and a 256-bit exponent (see
//! [`EXPONENT_BYTES`]), computed on another thread while the bus calls are under way.
//!
//! Only the plain case is answered here: exactly one item, unlocked, or none at all. Anything
//! else (a locked collection that needs an unlock prompt, several matching items, a bus or
//! service error, a reply of a shape not expected) is left to `keyring`, which then answers,
//! and words its errors, exactly as it always has. Writes always go through `keyring`.

use std::collections::HashMap;

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockModeDecrypt, KeyIvInit};
use blocking::unblock;
use futures_lite::future::{or, zip};
use hkdf::Hkdf;
use num_bigint::BigUint;
use sha2::Sha256;
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};
use zbus::{Connection, Message, connection};
use zeroize::Zeroizing;

use super::store::SERVICE;

const DESTINATION: &str = "org.freedesktop.secrets";
const SERVICE_PATH: &str = "/org/freedesktop/secrets";
const SERVICE_INTERFACE: &str = "org.freedesktop.Secret.Service";
const ITEM_INTERFACE: &str = "org.freedesktop.Secret.Item";
const ALGORITHM: &str = "dh-ietf1024-sha256-aes128-cbc-pkcs7";

/// The 1024-bit MODP group of RFC 2409 §6.2 (generator 2), which the Secret Service
/// specification names for this algorithm.
const PRIME_HEX: &[u8] = b"\
    FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74\
    020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437\
    4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED\
    EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF";
const PRIME_BYTES: usize = 128;
/// The private exponent's length: 256 bits. NIST SP 800-56A Rev. 3 (§5.6.1.1.1) asks of its
/// safe-prime groups an exponent of at least twice the group's security strength; this older
/// group is not one of them, and its strength, about 80 bits, gives 160 by the same rule.
/// libsecret draws 1024 bits, which makes each of the two modular powers four times as long.
const EXPONENT_BYTES: usize = 32;

/// What the direct read found.
pub(super) enum Found {
    /// The one item's secret.
    Secret(Zeroizing<Vec<u8>>),
    /// No item, locked or unlocked, has these attributes: what `keyring` reports as `NoEntry`.
    Nothing,
}

/// A connection to the session bus with an encrypted Secret Service session on it.
pub(super) struct Reader {
    connection: Connection,
    session: OwnedObjectPath,
    key: Zeroizing<[u8; 16]>,
}

/// Our half of the exchange: the private exponent and the public value 2^x mod p.
struct Keypair {
    prime: BigUint,
    exponent: BigUint,
    public: Vec<u8>,
}

impl Keypair {
    fn generate() -> Option<Keypair> {
        let mut private = Zeroizing::new([0u8; EXPONENT_BYTES]);
        getrandom::fill(&mut *private).ok()?;
        Keypair::from_exponent(&*private)
    }

    fn from_exponent(private: &[u8]) -> Option<Keypair> {
        let prime = BigUint::parse_bytes(PRIME_HEX, 16)?;
        let exponent = BigUint::from_bytes_be(private);
        let public = BigUint::from(2u32).modpow(&exponent, &prime).to_bytes_be();
        Some(Keypair {
            prime,
            exponent,
            public,
        })
    }

    /// The session's AES key from the service's public value: the shared secret read as
    /// exactly 128 bytes, zeros first (as libsecret and gnome-keyring pad it), through
    /// HKDF-SHA256 with no salt and no info.
    fn session_key(&self, theirs: &[u8]) -> Option<Zeroizing<[u8; 16]>> {
        let theirs = BigUint::from_bytes_be(theirs);
        // A public value of 0, 1 or p - 1 would make the shared secret one anyone can guess.
        let one = BigUint::from(1u32);
        if theirs <= one || theirs >= &self.prime - &one {
            return None;
        }
        let shared = Zeroizing::new(theirs.modpow(&self.exponent, &self.prime).to_bytes_be());
        let mut padded = Zeroizing::new([0u8; PRIME_BYTES]);
        padded
            .get_mut(PRIME_BYTES.checked_sub(shared.len())?..)?
            .copy_from_slice(&shared);
        let mut key = Zeroizing::new([0u8; 16]);
        Hkdf::<Sha256>::new(None, &*padded)
            .expand(&[], &mut *key)
            .ok()?;
        Some(key)
    }
}

impl Reader {
    /// Connects, opens the session and reads `account`, with the work overlapped: our half of
    /// the exchange is computed on another thread while the connection is made and the search
    /// goes out, and the secret is asked for before the session key is derived (the service
    /// needs only the session's path), again on another thread. Neither modular power then
    /// waits on the bus, nor the bus on it. `None` for anything that goes wrong (`keyring`
    /// then tries, and says what).
    pub(super) async fn open_and_read(account: &str) -> Option<(Reader, Found)> {
        let keypair = unblock(Keypair::generate);
        // zbus's own executor thread is left out: its tasks run here, between the calls, so a
        // reply reaches this thread without passing through another.
        let connection = connection::Builder::session()
            .ok()?
            .internal_executor(false)
            .build()
            .await
            .ok()?;
        driven(&connection, async {
            let open = async {
                let keypair = keypair.await?;
                let reply = call(
                    &connection,
                    SERVICE_PATH,
                    SERVICE_INTERFACE,
                    "OpenSession",
                    &(ALGORITHM, Value::from(keypair.public.clone())),
                )
                .await?;
                let (theirs, session): (OwnedValue, OwnedObjectPath) =
                    reply.body().deserialize().ok()?;
                Some((keypair, Vec::<u8>::try_from(theirs).ok()?, session))
            };
            let (item, opened) = zip(search(&connection, account), open).await;
            let (item, (keypair, theirs, session)) = (item?, opened?);
            // The key is derived only once the request for the secret has gone out (`zip` polls
            // its first future first).
            let derive = async { unblock(move || keypair.session_key(&theirs)).await };
            let Some(item) = item else {
                return Some((session, derive.await?, Found::Nothing));
            };
            let (sealed, key) = zip(get_secret(&connection, &item, &session), derive).await;
            let (key, (iv, value)) = (key?, sealed?);
            let secret = decrypt(&key, &iv, &value)?;
            Some((session, key, Found::Secret(secret)))
        })
        .await
        .map(|(session, key, found)| (Reader::new(connection, session, key), found))
    }

    fn new(connection: Connection, session: OwnedObjectPath, key: Zeroizing<[u8; 16]>) -> Reader {
        Reader {
            connection,
            session,
            key,
        }
    }

    /// A further read on the open session (a session's item, then the long-term keys').
    pub(super) async fn read(&self, account: &str) -> Option<Found> {
        driven(&self.connection, async {
            let Some(item) = search(&self.connection, account).await? else {
                return Some(Found::Nothing);
            };
            let (iv, value) = get_secret(&self.connection, &item, &self.session).await?;
            decrypt(&self.key, &iv, &value).map(Found::Secret)
        })
        .await
    }
}

/// `work` on `connection`, with the connection's own tasks (reading the socket, routing the
/// replies) run beside it on this thread until `work` is done.
async fn driven<T>(connection: &Connection, work: impl Future<Output = T>) -> T {
    or(work, async {
        loop {
            connection.executor().tick().await;
        }
    })
    .await
}

/// One method call to the Secret Service, its reply or `None`.
async fn call<B>(
    connection: &Connection,
    path: &str,
    interface: &str,
    method: &str,
    body: &B,
) -> Option<Message>
where
    B: serde::Serialize + zbus::zvariant::DynamicType,
{
    connection
        .call_method(Some(DESTINATION), path, Some(interface), method, body)
        .await
        .ok()
}

/// The one item keyring keeps under `account`: `Some(None)` when there is none, `None` when
/// it is not the plain case (several items, or one behind a lock that needs a prompt).
async fn search(connection: &Connection, account: &str) -> Option<Option<OwnedObjectPath>> {
    // The attributes keyring's store searches on for an entry without a target
    // (zbus-secret-service-keyring-store, `cred.rs`, `search_attributes`), in every
    // collection, as its `find_matching_items` searches.
    let attributes = HashMap::from([("service", SERVICE), ("username", account)]);
    let reply = call(
        connection,
        SERVICE_PATH,
        SERVICE_INTERFACE,
        "SearchItems",
        &(attributes,),
    )
    .await?;
    let (unlocked, locked): (Vec<OwnedObjectPath>, Vec<OwnedObjectPath>) =
        reply.body().deserialize().ok()?;
    match (unlocked.as_slice(), locked.as_slice()) {
        ([], []) => Some(None),
        ([item], []) => Some(Some(item.clone())),
        _ => None,
    }
}

/// The item's secret as the service sends it: the IV and the encrypted value.
async fn get_secret(
    connection: &Connection,
    item: &OwnedObjectPath,
    session: &OwnedObjectPath,
) -> Option<(Vec<u8>, Zeroizing<Vec<u8>>)> {
    let reply = call(
        connection,
        item.as_str(),
        ITEM_INTERFACE,
        "GetSecret",
        &(session,),
    )
    .await?;
    let ((_, iv, value, _),): ((OwnedObjectPath, Vec<u8>, Vec<u8>, String),) =
        reply.body().deserialize().ok()?;
    Some((iv, Zeroizing::new(value)))
}

/// AES-128-CBC with PKCS#7 padding, the IV in the secret's parameters; decrypted in place in
/// memory that is wiped when dropped, so no copy of the secret is left behind.
fn decrypt(key: &[u8; 16], iv: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let decryptor = cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv).ok()?;
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    let length = decryptor.decrypt_padded::<Pkcs7>(&mut buffer).ok()?.len();
    buffer.truncate(length);
    Some(buffer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes::cipher::BlockModeEncrypt;

    fn encrypt(key: &[u8; 16], iv: &[u8; 16], plain: &[u8]) -> Vec<u8> {
        cbc::Encryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map(|e| e.encrypt_padded_vec::<Pkcs7>(plain))
            .unwrap_or_default()
    }

    #[test]
    fn decrypt_reverses_aes_cbc_with_pkcs7_at_every_padding_length() {
        let (key, iv) = ([7u8; 16], [9u8; 16]);
        for length in 0..=40 {
            let plain: Vec<u8> = (0..length).map(|i| i as u8).collect();
            let sealed = encrypt(&key, &iv, &plain);
            let opened = decrypt(&key, &iv, &sealed).map(|s| s.to_vec());
            assert_eq!(opened, Some(plain), "length {length}");
        }
    }

    #[test]
    fn decrypt_refuses_a_wrong_key_bad_padding_or_a_short_iv() {
        let (key, iv) = ([7u8; 16], [9u8; 16]);
        let sealed = encrypt(&key, &iv, b"secret");
        assert!(decrypt(&[8u8; 16], &iv, &sealed).is_none());
        assert!(decrypt(&key, &iv[..8], &sealed).is_none());
        assert!(decrypt(&key, &iv, &sealed[..sealed.len() - 1]).is_none());
    }

    #[test]
    fn two_keypairs_agree_on_the_session_key() {
        for _ in 0..4 {
            let (ours, theirs) = (Keypair::generate(), Keypair::generate());
            let (Some(ours), Some(theirs)) = (ours, theirs) else {
                panic!("no keypair")
            };
            assert!(ours.exponent.bits() <= 8 * EXPONENT_BYTES as u64);
            let one = ours.session_key(&theirs.public).map(|key| *key);
            let other = theirs.session_key(&ours.public).map(|key| *key);
            assert!(one.is_some());
            assert_eq!(one, other);
        }
    }

    /// Against values computed apart from this code (Python's `pow` and `hmac`, RFC 5869's
    /// HKDF written out), so that a key both sides of this file would get wrong alike is caught.
    #[test]
    fn the_session_key_is_the_one_the_algorithm_defines() {
        let ours = Keypair::from_exponent(&(1..=32).collect::<Vec<u8>>());
        let theirs = Keypair::from_exponent(&(101..=132).collect::<Vec<u8>>());
        let (Some(ours), Some(theirs)) = (ours, theirs) else {
            panic!("no keypair")
        };
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(
            hex(ours.public.get(..16).unwrap_or_default()),
            "457120764f3a1e6fd58103e41a4093a6"
        );
        let key = ours.session_key(&theirs.public).map(|key| hex(&*key));
        assert_eq!(key.as_deref(), Some("5a8930dd50f366b87cfd29d479726311"));
    }

    #[test]
    fn a_public_value_anyone_could_guess_is_refused() {
        let Some(ours) = Keypair::generate() else {
            panic!("no keypair")
        };
        let prime = ours.prime.clone();
        let one = BigUint::from(1u32);
        for value in [BigUint::ZERO, one.clone(), &prime - &one, prime.clone()] {
            assert!(ours.session_key(&value.to_bytes_be()).is_none(), "{value}");
        }
    }

    #[test]
    fn the_prime_is_the_1024_bit_modp_group() {
        let prime = BigUint::parse_bytes(PRIME_HEX, 16);
        assert_eq!(prime.map(|p| p.bits()), Some(1024));
    }
}
