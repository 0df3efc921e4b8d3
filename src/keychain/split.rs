//! Values larger than one keychain item can hold, kept as numbered parts.
//!
//! Windows Credential Manager keeps at most 2,560 bytes per item (see `native.rs`), and an SSO
//! sign-in (access token, refresh token and client registration in one item) or a cached
//! session with a long session token can be more. [`SplitStore`] wraps a store with a maximum
//! item size:
//!
//! - A value that fits is stored as one item under its account, byte for byte as without the
//!   wrapper, so existing items and older keyshelf versions read it as before.
//! - A larger value goes into parts of at most the maximum under `ACCOUNT |part 2/3 b`, and the
//!   item under `ACCOUNT` becomes a head: `keyshelf|parts v1 SLOT PARTS LENGTH CHECK`. A head is
//!   told from a whole item by its first bytes (keyshelf's items are JSON and start with `{`;
//!   a value that starts like a head is stored in parts even when it fits). The `|` keeps part
//!   accounts apart from real ones on Windows, where a path (an account's tail) cannot hold it.
//! - A new value is written to the slot (`a` or `b`) the current head does not name, the head
//!   last, and only then are the old parts removed: a write that stops half-way leaves the old
//!   value readable, never a mix. A read checks the parts' length and SHA-256 against the head;
//!   a missing or mismatched part is an error, never a short or wrong value.

use sha2::Digest;
use zeroize::Zeroizing;

use super::store::{KeychainError, SecretStore};

/// How a head starts.
const MAGIC: &str = "keyshelf|parts v1 ";

/// The smallest maximum item size: a head must fit in one item.
const MIN_ITEM: usize = 64;

/// The most parts of one value: bounds what a damaged head can make a read do. 64 parts of
/// Windows' 2,560 bytes is 160 KiB, far more than any item keyshelf writes.
const MAX_PARTS: usize = 64;

/// How often a read starts over when a writer replaced the value under it.
const READS: usize = 3;

/// A [`SecretStore`] that keeps values of more than `max_item` bytes in parts of `inner`.
pub struct SplitStore<S> {
    inner: S,
    max_item: usize,
}

impl<S: SecretStore> SplitStore<S> {
    /// `inner`, taking items of at most `max_item` bytes (raised to 64 so a head fits).
    pub fn new(inner: S, max_item: usize) -> SplitStore<S> {
        SplitStore {
            inner,
            max_item: max_item.max(MIN_ITEM),
        }
    }

    /// Where the value under `account` is kept in parts, `None` when it is not (no item, a
    /// whole item, or a head too damaged to name its parts).
    fn layout(&self, account: &str) -> Result<Option<Layout>, KeychainError> {
        match self.inner.get_bytes(account) {
            Ok(item) => Ok(Layout::parse(&item).unwrap_or(None)),
            Err(KeychainError::NotFound) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// The value the parts of `layout` add up to, or [`incomplete`].
    fn assemble(
        &self,
        account: &str,
        layout: &Layout,
    ) -> Result<Zeroizing<Vec<u8>>, KeychainError> {
        let mut parts = Vec::with_capacity(layout.parts);
        for index in 1..=layout.parts {
            match self.inner.get_bytes(&layout.part_account(account, index)) {
                Ok(part) => parts.push(part),
                Err(KeychainError::NotFound) => return Err(incomplete()),
                Err(err) => return Err(err),
            }
        }
        let len: usize = parts.iter().map(|part| part.len()).sum();
        if len != layout.len {
            return Err(incomplete());
        }
        // Allocated at its final size: a growing Vec would leave copies of the secret behind.
        let mut value = Zeroizing::new(Vec::with_capacity(len));
        for part in &parts {
            value.extend_from_slice(part);
        }
        if check(&value) != layout.check {
            return Err(incomplete());
        }
        Ok(value)
    }

    fn delete_parts(&self, account: &str, layout: &Layout) -> Result<(), KeychainError> {
        for index in 1..=layout.parts {
            self.inner
                .delete_bytes(&layout.part_account(account, index))?;
        }
        Ok(())
    }
}

impl<S: SecretStore> SecretStore for SplitStore<S> {
    fn put_bytes(&self, account: &str, label: &str, secret: &[u8]) -> Result<(), KeychainError> {
        let old = self.layout(account)?;
        if secret.len() <= self.max_item && !secret.starts_with(MAGIC.as_bytes()) {
            self.inner.put_bytes(account, label, secret)?;
        } else {
            let layout = Layout {
                slot: match &old {
                    Some(old) if old.slot == 'a' => 'b',
                    _ => 'a',
                },
                parts: secret.len().div_ceil(self.max_item),
                len: secret.len(),
                check: check(secret),
            };
            let head = layout.head();
            if layout.parts > MAX_PARTS || head.len() > self.max_item {
                return Err(KeychainError::Refused {
                    detail: format!(
                        "the item is too large for the keychain ({} bytes)",
                        secret.len()
                    ),
                });
            }
            for (index, part) in (1..).zip(secret.chunks(self.max_item)) {
                let part_label = format!("{label} (part {index} of {})", layout.parts);
                self.inner
                    .put_bytes(&layout.part_account(account, index), &part_label, part)?;
            }
            self.inner.put_bytes(account, label, head.as_bytes())?;
        }
        // Only now: until the head above was written, the old parts were the readable value.
        // The new value never uses the old slot, so this removes nothing it needs.
        match old {
            Some(old) => self.delete_parts(account, &old),
            None => Ok(()),
        }
    }

    fn get_bytes(&self, account: &str) -> Result<Zeroizing<Vec<u8>>, KeychainError> {
        let mut head = self.inner.get_bytes(account)?;
        // A writer removes the old parts right after writing its head: a read that took the
        // old head can then find its parts gone. The head read again names the new ones.
        for _ in 0..READS {
            let Some(layout) = Layout::parse(&head)? else {
                return Ok(head);
            };
            match self.assemble(account, &layout) {
                Err(err) if err == incomplete() => {
                    let again = self.inner.get_bytes(account)?;
                    if *again == *head {
                        return Err(err);
                    }
                    head = again;
                }
                done => return done,
            }
        }
        Err(incomplete())
    }

    fn delete_bytes(&self, account: &str) -> Result<(), KeychainError> {
        let old = self.layout(account)?;
        // The head first: stopped half-way, this leaves parts no head names (unreadable, like a
        // deleted item) rather than a head whose parts are gone, which every read would refuse.
        self.inner.delete_bytes(account)?;
        match old {
            Some(old) => self.delete_parts(account, &old),
            None => Ok(()),
        }
    }
}

/// What a head says: where the parts are and what they must add up to. Not `Debug`: `check`
/// is derived from the secret.
struct Layout {
    /// `a` or `b`; each new value takes the slot its predecessor did not.
    slot: char,
    parts: usize,
    len: usize,
    /// [`check`] of the whole value.
    check: String,
}

impl Layout {
    /// `Ok(None)` for a whole item; [`KeychainError::NotOurs`] for a damaged head.
    fn parse(item: &[u8]) -> Result<Option<Layout>, KeychainError> {
        let Some(rest) = item.strip_prefix(MAGIC.as_bytes()) else {
            return Ok(None);
        };
        let damaged = || KeychainError::NotOurs;
        let text = std::str::from_utf8(rest).map_err(|_| damaged())?;
        let fields: Vec<&str> = text.split(' ').collect();
        let [slot, parts, len, check] = fields[..] else {
            return Err(damaged());
        };
        let slot = match slot {
            "a" => 'a',
            "b" => 'b',
            _ => return Err(damaged()),
        };
        let parts = parts.parse().map_err(|_| damaged())?;
        let hex = check.len() == 32
            && check
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !(1..=MAX_PARTS).contains(&parts) || !hex {
            return Err(damaged());
        }
        Ok(Some(Layout {
            slot,
            parts,
            len: len.parse().map_err(|_| damaged())?,
            check: check.to_owned(),
        }))
    }

    fn head(&self) -> String {
        format!(
            "{MAGIC}{} {} {} {}",
            self.slot, self.parts, self.len, self.check
        )
    }

    /// Where part `index` (from 1) is kept.
    fn part_account(&self, account: &str, index: usize) -> String {
        format!("{account} |part {index}/{} {}", self.parts, self.slot)
    }
}

/// The first 16 bytes of the value's SHA-256, in hex: enough to tell a part of another write.
/// It stays beside the value it is made from, so it tells nobody anything new.
fn check(value: &[u8]) -> String {
    sha2::Sha256::digest(value)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn incomplete() -> KeychainError {
    KeychainError::Refused {
        detail: "its keychain item is incomplete: a part is missing or from another write; \
                 remove the item and its parts (\"|part\") in your keychain app and save it again"
            .to_owned(),
    }
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
