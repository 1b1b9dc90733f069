//! A minimal protobuf wire reader that keeps byte offsets (for the outer `Profile` message).

/// Protobuf wire types.
pub(crate) const VARINT: u8 = 0;
pub(crate) const I64: u8 = 1;
pub(crate) const LEN: u8 = 2;
pub(crate) const I32: u8 = 5;

pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    #[inline]
    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.buf.len()
    }

    #[inline]
    pub(crate) fn varint(&mut self) -> Result<u64, String> {
        // Fast paths: most varints in a profile (location ids, small values) take one or two bytes.
        match self.buf.get(self.pos..) {
            Some([b, ..]) if *b < 0x80 => {
                self.pos += 1;
                Ok(u64::from(*b))
            }
            Some([b0, b1, ..]) if *b1 < 0x80 => {
                self.pos += 2;
                Ok(u64::from(*b0 & 0x7f) | (u64::from(*b1) << 7))
            }
            _ => self.varint_slow(),
        }
    }

    fn varint_slow(&mut self) -> Result<u64, String> {
        let mut v: u64 = 0;
        for i in 0..10 {
            let Some(&b) = self.buf.get(self.pos) else {
                return Err("truncated varint".to_string());
            };
            self.pos += 1;
            v |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("varint longer than 10 bytes".to_string())
    }

    /// Field number and wire type.
    #[inline]
    pub(crate) fn key(&mut self) -> Result<(u32, u8), String> {
        // Fast path: fields 1..=15 have one-byte keys.
        if let Some(&b) = self.buf.get(self.pos).filter(|b| **b < 0x80 && **b >= 8) {
            self.pos += 1;
            return Ok((u32::from(b >> 3), b & 7));
        }
        let k = self.varint()?;
        let field = k >> 3;
        let wt = (k & 7) as u8;
        if field == 0 || field > u64::from(u32::MAX >> 3) {
            return Err(format!("invalid field number {field}"));
        }
        Ok((field as u32, wt))
    }

    /// A length-delimited payload: its start offset and bytes (length checked against the input).
    #[inline]
    pub(crate) fn bytes(&mut self) -> Result<(usize, &'a [u8]), String> {
        let len = self.varint()?;
        let start = self.pos;
        let remaining = self.buf.len().saturating_sub(start);
        if len > remaining as u64 {
            return Err(format!("length {len} runs past the end of the data ({remaining} bytes left)"));
        }
        let end = start + len as usize;
        let b = self.buf.get(start..end).ok_or_else(|| "length out of range".to_string())?;
        self.pos = end;
        Ok((start, b))
    }

    pub(crate) fn skip(&mut self, wt: u8) -> Result<(), String> {
        match wt {
            VARINT => self.varint().map(|_| ()),
            I64 => self.advance(8),
            LEN => self.bytes().map(|_| ()),
            I32 => self.advance(4),
            other => Err(format!("unsupported wire type {other} (groups are not valid in profile.proto)")),
        }
    }

    fn advance(&mut self, n: usize) -> Result<(), String> {
        if self.buf.len().saturating_sub(self.pos) < n {
            return Err("truncated fixed-size field".to_string());
        }
        self.pos += n;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_lengths() {
        let mut r = Reader::new(&[0x96, 0x01, 0x0a, 0x02, 0xaa, 0xbb, 0x08]);
        assert_eq!(r.varint().unwrap(), 150);
        assert_eq!(r.key().unwrap(), (1, LEN));
        assert_eq!(r.bytes().unwrap(), (4, &[0xaa, 0xbb][..]));
        assert_eq!(r.key().unwrap(), (1, VARINT));
        assert!(r.varint().is_err());
        let mut r = Reader::new(&[0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        r.key().unwrap();
        assert!(r.bytes().unwrap_err().contains("runs past the end"));
        let mut r = Reader::new(&[0xff; 12]);
        assert!(r.varint().unwrap_err().contains("longer than 10"));
        let mut r = Reader::new(&[0x0b]);
        let (_, wt) = r.key().unwrap();
        assert!(r.skip(wt).is_err());
        assert!(Reader::new(&[0x00]).key().is_err());
    }
}
