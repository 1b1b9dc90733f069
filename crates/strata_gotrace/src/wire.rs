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

    /// Index of the next byte in the chunk.
    #[inline]
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Moves to index `pos` of the chunk.
    #[inline]
    pub(crate) fn set_pos(&mut self, pos: usize) {
        self.pos = pos;
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

    /// Multi-byte varints: with 8 bytes left, decode up to 8 varint bytes branch-free from one
    /// little-endian word; otherwise (or for 9–10 byte varints) byte by byte.
    #[inline]
    fn uvarint_slow(&mut self) -> Result<u64> {
        if let Some(chunk) = self.data.get(self.pos..).and_then(|d| d.first_chunk::<8>()) {
            let w = u64::from_le_bytes(*chunk);
            let ends = !w & 0x8080_8080_8080_8080;
            if ends != 0 {
                let len = ends.trailing_zeros() / 8 + 1; // 1..=8
                let keep = if len == 8 { u64::MAX } else { (1u64 << (8 * len)) - 1 };
                let mut x = w & keep & 0x7f7f_7f7f_7f7f_7f7f;
                x = (x & 0x007f_007f_007f_007f) | ((x & 0x7f00_7f00_7f00_7f00) >> 1);
                x = (x & 0x0000_3fff_0000_3fff) | ((x & 0x3fff_0000_3fff_0000) >> 2);
                x = (x & 0x0000_0000_0fff_ffff) | ((x & 0x0fff_ffff_0000_0000) >> 4);
                self.pos += len as usize;
                return Ok(x);
            }
        }
        self.uvarint_bytewise()
    }

    #[inline(never)]
    fn uvarint_bytewise(&mut self) -> Result<u64> {
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
    fn word_decoder_matches_bytewise() {
        // Every length 1..=10, with and without 8 bytes of slack after the varint.
        let mut values = vec![0u64, 1, 127, 128, 300, 16383, 16384, u64::MAX, 1 << 55, (1 << 56) - 1, 1 << 56];
        for shift in 0..64 {
            values.push(1u64 << shift);
            values.push((1u64 << shift).wrapping_sub(1));
            values.push(0x9e37_79b9_7f4a_7c15u64 >> shift);
        }
        for v in values {
            let mut enc = Vec::new();
            let mut x = v;
            while x >= 0x80 {
                enc.push((x as u8) | 0x80);
                x >>= 7;
            }
            enc.push(x as u8);
            for slack in [0usize, 3, 10] {
                let mut buf = enc.clone();
                buf.extend(std::iter::repeat_n(0xffu8, slack));
                let mut c = Cursor::new(&buf, 0);
                assert_eq!(c.uvarint().unwrap(), v, "{v:#x} slack {slack}");
                assert_eq!(c.offset(), enc.len() as u64);
            }
        }
        // A padded (non-minimal) 10-byte varint with slack after it.
        let mut c = Cursor::new(&[0x85, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 7, 7], 0);
        assert_eq!(c.uvarint().unwrap(), 5);
        assert_eq!(c.uvarint().unwrap(), 7);
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
