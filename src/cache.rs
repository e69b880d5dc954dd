//! Asking the processor to bring memory into its cache ahead of use: reading a large log,
//! each row touches a few places in tables of megabytes (the contacts seen, a relationship's
//! periods), and a miss waited for at each costs more than reading the row. Fetched a little
//! ahead, they arrive while other work goes on.

/// Brings the cache line holding the start of `item` into the cache, on `x86_64` (elsewhere,
/// nothing): a hint, never a read the program sees.
pub(crate) fn prefetch<T>(item: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE, which the intrinsic needs, is part of every x86_64 target; a prefetch of
    // memory a reference points to reads nothing the program sees and cannot fault.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(item).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}
