//! A global allocator that counts live heap bytes and allocations, for measuring how much
//! memory a parsed document holds.
//!
//! Counting is off by default, so the timed benches pay one relaxed load per allocation and
//! nothing else; [`measure`] switches it on around one closure. Bytes are the sizes requested
//! (`Layout::size`), so the system allocator's own per-block overhead is not included; the
//! allocation count lets a reader estimate it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};

/// The system allocator, with counting that [`measure`] switches on.
pub struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
static BYTES: AtomicIsize = AtomicIsize::new(0);
static BLOCKS: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn signed(size: usize) -> isize {
    isize::try_from(size).expect("an allocation fits isize")
}

fn grew(bytes: isize, blocks: isize) {
    let now = BYTES.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(now, Relaxed);
    BLOCKS.fetch_add(blocks, Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; counting only touches atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which `System` shares.
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() && ON.load(Relaxed) {
            grew(signed(layout.size()), 1);
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let block = unsafe { System.alloc_zeroed(layout) };
        if !block.is_null() && ON.load(Relaxed) {
            grew(signed(layout.size()), 1);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: `block` was allocated by this allocator, that is by `System`, with `layout`.
        unsafe { System.dealloc(block, layout) };
        if ON.load(Relaxed) {
            grew(-signed(layout.size()), -1);
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; `new_size` is the caller's, checked by `System`.
        let moved = unsafe { System.realloc(block, layout, new_size) };
        if !moved.is_null() && ON.load(Relaxed) {
            grew(signed(new_size) - signed(layout.size()), 0);
        }
        moved
    }
}

/// What a closure left allocated.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    /// Bytes allocated by the closure and still live when it returned (what its result holds).
    pub live_bytes: usize,
    /// Blocks allocated by the closure and still live.
    pub live_blocks: usize,
    /// The most bytes allocated by the closure and live at once.
    pub peak_bytes: usize,
}

/// Runs `f` with counting on; returns its result and the heap it kept. Run only
/// on one thread at a time: allocations by other threads meanwhile are counted too.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    BYTES.store(0, Relaxed);
    BLOCKS.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ON.store(true, Relaxed);
    let value = f();
    ON.store(false, Relaxed);
    let unsigned = |n: isize| usize::try_from(n).unwrap_or(0);
    let usage = Usage {
        live_bytes: unsigned(BYTES.load(Relaxed)),
        live_blocks: unsigned(BLOCKS.load(Relaxed)),
        peak_bytes: unsigned(PEAK.load(Relaxed)),
    };
    (value, usage)
}
