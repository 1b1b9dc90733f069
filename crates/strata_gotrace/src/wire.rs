//! Byte-level primitives: unsigned LEB128 varints over a slice, with absolute offsets for errors.

use crate::error::{Error, Result};

/// A read position in one in-memory chunk of the trace (a batch's data).
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
    /// Absolute file offset of `data[0]`.
    base: u64,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(data: &'a [u8], base: u64) -> Self {
        Cursor { data, pos: 0, base }
    }

    /// Absolute file offset of the next byte.
    pub(crate) fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    pub(crate) fn byte(&mut self) -> Result<u8> {
        match self.data.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(Error::malformed(self.offset(), "unexpected end of batch")),
        }
    }

    /// A uvarint as Go's `binary.Uvarint` reads it: at most 10 bytes, the 10th at most 1.
    /// Non-minimal encodings (the runtime pads batch sizes to 10 bytes) are accepted.
    #[inline(always)]
    pub(crate) fn uvarint(&mut self) -> Result<u64> {
        // Fast path: one byte (most deltas, IDs and sequence numbers).
        if let Some(&b) = self.data.get(self.pos)
            && b < 0x80
        {
            self.pos += 1;
            return Ok(u64::from(b));
        }
        self.uvarint_slow()
    }

    #[inline(never)]
    fn uvarint_slow(&mut self) -> Result<u64> {
        let start = self.pos;
        let mut x: u64 = 0;
        let mut shift = 0u32;
        for i in 0..10 {
            let Some(&b) = self.data.get(self.pos) else {
                return Err(Error::malformed(self.base + start as u64, "varint runs past the end of the batch"));
            };
            self.pos += 1;
            if b < 0x80 {
                if i == 9 && b > 1 {
                    break;
                }
                return Ok(x | (u64::from(b) << shift));
            }
            x |= u64::from(b & 0x7f) << shift;
            shift += 7;
        }
        Err(Error::BadVarint { offset: self.base + start as u64 })
    }

    /// `n` raw bytes.
    pub(crate) fn bytes(&mut self, n: u64) -> Result<&'a [u8]> {
        let off = self.offset();
        let end = usize::try_from(n).ok().and_then(|n| self.pos.checked_add(n));
        match end.and_then(|e| self.data.get(self.pos..e).map(|s| (e, s))) {
            Some((e, s)) => {
                self.pos = e;
                Ok(s)
            }
            None => Err(Error::malformed(off, format!("{n} bytes of data run past the end of the batch"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        let mut c = Cursor::new(&[0x05, 0xac, 0x02, 0x85, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 100);
        assert_eq!(c.uvarint().unwrap(), 5);
        assert_eq!(c.uvarint().unwrap(), 300);
        // Padded 10-byte varint as the runtime writes batch sizes.
        assert_eq!(c.uvarint().unwrap(), 5);
        assert!(c.is_empty());
        // u64::MAX (the "no M" id).
        let mut c = Cursor::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 0);
        assert_eq!(c.uvarint().unwrap(), u64::MAX);
    }

    #[test]
    fn bad_varints_name_their_offset() {
        let mut c = Cursor::new(&[0xff; 11], 40);
        assert!(matches!(c.uvarint(), Err(Error::BadVarint { offset: 40 })));
        let mut c = Cursor::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02], 7);
        assert!(matches!(c.uvarint(), Err(Error::BadVarint { offset: 7 })));
        let mut c = Cursor::new(&[0x01, 0x80], 10);
        c.uvarint().unwrap();
        assert_eq!(c.uvarint().unwrap_err().offset(), 11);
        let mut c = Cursor::new(&[1, 2], 0);
        assert!(c.bytes(3).is_err());
        assert!(c.bytes(u64::MAX).is_err());
        assert_eq!(c.bytes(2).unwrap(), &[1, 2]);
    }
}
