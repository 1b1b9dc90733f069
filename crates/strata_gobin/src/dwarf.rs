//! Struct member offsets from DWARF (`gimli`), when the binary was not built with `-w`.

use gimli::{AttributeValue, EndianSlice, LittleEndian};
use object::{Object, ObjectSection};

type Slice<'a> = EndianSlice<'a, LittleEndian>;

/// Look up `(struct, member)` byte offsets, e.g. `("runtime.g", "goid")`. Returns one entry per query,
/// `None` where the struct or member is absent. Returns `None` overall when there is no DWARF.
pub fn member_offsets(file: &object::File<'_>, queries: &[(&str, &str)]) -> Option<Vec<Option<u64>>> {
    let mut owned: Vec<std::borrow::Cow<'_, [u8]>> = Vec::new();
    let ids = [
        gimli::SectionId::DebugAbbrev,
        gimli::SectionId::DebugInfo,
        gimli::SectionId::DebugStr,
        gimli::SectionId::DebugLineStr,
        gimli::SectionId::DebugStrOffsets,
        gimli::SectionId::DebugLine,
        gimli::SectionId::DebugRanges,
        gimli::SectionId::DebugRngLists,
        gimli::SectionId::DebugAddr,
        gimli::SectionId::DebugLoc,
        gimli::SectionId::DebugLocLists,
    ];
    for id in ids {
        let data = file.section_by_name(id.name()).and_then(|s| s.uncompressed_data().ok()).unwrap_or_default();
        owned.push(data);
    }
    if owned.get(1).is_none_or(|d| d.is_empty()) {
        return None;
    }
    let get = |id: gimli::SectionId| -> Slice<'_> {
        let i = ids.iter().position(|x| *x == id);
        let data: &[u8] = i.and_then(|i| owned.get(i)).map(|c| c.as_ref()).unwrap_or(&[]);
        EndianSlice::new(data, LittleEndian)
    };
    let dwarf = gimli::Dwarf::load(|id| -> Result<Slice<'_>, gimli::Error> { Ok(get(id)) }).ok()?;
    let mut out = vec![None; queries.len()];
    let mut units = dwarf.units();
    while let Ok(Some(header)) = units.next() {
        let Ok(unit) = dwarf.unit(header) else { continue };
        let mut entries = unit.entries();
        let mut current: Option<String> = None;
        let mut struct_depth = 0isize;
        loop {
            let entry = match entries.next_dfs() {
                Ok(Some(e)) => e,
                Ok(None) => break,
                Err(_) => break,
            };
            let depth = entry.depth();
            if current.is_some() && depth <= struct_depth {
                current = None;
            }
            match entry.tag() {
                gimli::DW_TAG_structure_type if current.is_none() => {
                    let name = attr_string(&dwarf, &unit, entry.attr_value(gimli::DW_AT_name));
                    if let Some(name) = name.filter(|n| queries.iter().any(|(s, _)| s == n)) {
                        current = Some(name);
                        struct_depth = depth;
                    }
                }
                gimli::DW_TAG_member if current.is_some() && depth == struct_depth + 1 => {
                    let sname = current.as_deref().unwrap_or_default();
                    let mname = attr_string(&dwarf, &unit, entry.attr_value(gimli::DW_AT_name));
                    let loc = entry.attr_value(gimli::DW_AT_data_member_location);
                    let off = match loc {
                        Some(AttributeValue::Udata(v)) => Some(v),
                        Some(AttributeValue::Data1(v)) => Some(u64::from(v)),
                        Some(AttributeValue::Data2(v)) => Some(u64::from(v)),
                        Some(AttributeValue::Data4(v)) => Some(u64::from(v)),
                        Some(AttributeValue::Data8(v)) => Some(v),
                        _ => None,
                    };
                    for (i, (s, m)) in queries.iter().enumerate() {
                        if *s == sname
                            && Some(*m) == mname.as_deref()
                            && let Some(slot) = out.get_mut(i)
                            && slot.is_none()
                        {
                            *slot = off;
                        }
                    }
                }
                _ => {}
            }
        }
        if out.iter().all(Option::is_some) {
            break;
        }
    }
    Some(out)
}

fn attr_string(
    dwarf: &gimli::Dwarf<Slice<'_>>,
    unit: &gimli::Unit<Slice<'_>>,
    value: Option<AttributeValue<Slice<'_>>>,
) -> Option<String> {
    let value = value?;
    let s = dwarf.attr_string(unit, value).ok()?;
    s.to_string().ok().map(|s| s.to_string())
}
