// GENERATED from fpga/pairgate.map by MapGenerator: do not edit; run `make -C fpga gen`.
// Include inside a module that declares integer parameters W, D, K and B.
/* verilator lint_off UNUSEDPARAM */
localparam [63:0] PG_ID_VALUE = 64'h5047415400000003;  // register ID reads this: "PGAT", map version 3
localparam [63:0] PG_FRAME_MAGIC = 64'h5047465200000002;  // frame word MAGIC: "PGFR", frame format version 2
localparam [63:0] PG_TRAILER_BASE = 64'h5047454E44000000;  // frame word TRAILER = TRAILER_BASE | (SEQ & 0xFFFFFF)
localparam integer PG_MAX_DETECTORS = 8;  // register slots for detectors (D <= MAX_DETECTORS)
localparam integer PG_MAX_WINDOWS = 16;  // register slots for windows (W <= MAX_WINDOWS)
localparam integer PG_SYNC_QUEUE_DEPTH = 16;  // entries of the sync-delay queue (pending sync words)
localparam integer PG_CTRL_CLOSE_FRAME = 1;  // CTRL bit: close the current frame after every tag already pushed
localparam integer PG_CTRL_RESET = 2;  // CTRL bit: clear counters, trial state, history, SEQ and TRIALS; keep configuration
localparam integer PG_STATUS_IDLE = 1;  // STATUS bit: no tag and no frame word in flight inside the core
localparam integer PG_STATUS_FRAME_PENDING = 2;  // STATUS bit: the frozen bank holds a closed frame (streaming, or waiting for the host)
localparam integer PG_STATUS_QUIET = 4;  // STATUS bit: no tag, division, command or trial close in flight (the frozen bank may be held)
localparam integer PG_FLAG_HOST_CLOSE = 1;  // frame FLAGS bit: closed by CTRL_CLOSE_FRAME
localparam integer PG_FLAG_TRIAL_CLOSE = 2;  // frame FLAGS bit: closed because TRIALS reached FRAME_TRIALS
localparam integer PG_RECORD_FIFO_DEPTH = 16;  // records the core's record FIFO holds (core parameter RQ; the library and the Java model use this)
localparam [63:0] PG_LINK_ID_VALUE = 64'h50474C4B00000003;  // register LINK_ID reads this: "PGLK", link front end version 3 (fpga/rtl/pg_link_top.v; 3: reg_wready, LINK_WRITES_REFUSED)
localparam integer PG_LINK_MAP_SLOTS = 64;  // LINK_MAP entries: one per 6-bit signed link channel (index = channel mod 64)
localparam integer PG_LINK_UNMAPPED_CHANNEL = 255;  // LINK_MAP value of a link channel that is not mapped: its tags are counted in LINK_UNMAPPED, never reach the core
localparam integer PG_LINK_COALESCE_ON = 1;  // LINK_COALESCE bit: the front end merges sync runs (only while SYNC_DELAY <= 0)
localparam integer PG_REG_ID = 0;  // ro: ID_VALUE
localparam integer PG_REG_SHAPE = 1;  // ro: compile-time shape: W | D<<8 | K<<16 | B<<32
localparam integer PG_REG_FRAME_WORDS = 2;  // ro: words in one frame of this shape
localparam integer PG_REG_CTRL = 3;  // wo: CTRL_CLOSE_FRAME, CTRL_RESET (self-clearing commands)
localparam integer PG_REG_STATUS = 4;  // ro: STATUS_IDLE, STATUS_FRAME_PENDING, STATUS_QUIET: the state of the clock in which the read's address named STATUS (a snapshot at every edge, read 1 clock later; after the core goes quiet, a read whose address is on the port from the next clock on shows QUIET)
localparam integer PG_REG_FRAMES = 5;  // ro: frames emitted since reset
localparam integer PG_REG_TRIALS = 6;  // ro: trials closed since reset
localparam integer PG_REG_MERGES = 7;  // ro: frame closes absorbed since reset (frozen bank still held by the host)
localparam integer PG_REG_SYNC_CHANNEL = 8;  // rw: input channel number of the sync (trigger); default 0
localparam integer PG_REG_FRAME_TRIALS = 9;  // rw: close a frame every M closed trials; 0 = only on CTRL_CLOSE_FRAME
localparam integer PG_REG_BIN_TICKS = 10;  // rw: arrival-histogram bin width in ticks (0 acts as 1)
localparam integer PG_REG_SYNC_DELAY = 11;  // rw: signed ticks added to every sync timestamp; > 0 queues syncs (SYNC_QUEUE_DEPTH)
localparam integer PG_REG_SYNC_PENDING = 12;  // ro: sync words waiting in the sync-delay queue
localparam integer PG_REG_RECORDS_ENABLE = 13;  // rw: bit 0: 1 = a trial record for every closed trial with a non-zero pattern; default 0 (other bits kept, ignored)
localparam integer PG_REG_RECORDS_MADE = 14;  // ro: trial records created since reset (stored or dropped)
localparam integer PG_REG_RECORDS_DROPPED = 15;  // ro: trial records dropped since reset because the record FIFO was full
localparam integer PG_REG_DET_CHANNEL = 16;  // rw x8: input channel number of detector d (d < D); default 0xFF (none)
localparam integer PG_REG_DET_DELAY = 24;  // rw x8: signed ticks added to every timestamp of detector d
localparam integer PG_REG_WIN_START = 32;  // rw x16: signed start of window w relative to the delayed sync, ticks
localparam integer PG_REG_WIN_LENGTH = 48;  // rw x16: length of window w in ticks (low 32 bits used); 0 disables it
localparam integer PG_REG_LANES = 64;  // ro: tag lanes per input word of this build (1, 2 or 4): the device packs up to LANES time-ordered tags per clock
localparam integer PG_REG_LINK_ID = 128;  // ro: LINK_ID_VALUE
localparam integer PG_REG_LINK_WORD_WIDTH = 129;  // ro: tags per link word (WORD_WIDTH: 1 on the 10G link, 4 on the 40G link)
localparam integer PG_REG_LINK_FIFO_DEPTH = 130;  // ro: words the input FIFO holds
localparam integer PG_REG_LINK_COALESCE = 131;  // rw: LINK_COALESCE_ON (default 1): merge sync runs in the front end (inactive while SYNC_DELAY > 0)
localparam integer PG_REG_LINK_TAGS = 132;  // ro: tags received on the link since reset (kept lanes of valid words)
localparam integer PG_REG_LINK_UNMAPPED = 133;  // ro: tags received on link channels mapped to LINK_UNMAPPED_CHANNEL, since reset (never reach the core)
localparam integer PG_REG_LINK_DROPPED_TAGS = 134;  // ro: tags dropped at the input since reset: whole words that found the FIFO full (accounting dropped_at_input)
localparam integer PG_REG_LINK_DROPPED_WORDS = 135;  // ro: words dropped at the input since reset
localparam integer PG_REG_LINK_RUNS = 136;  // ro: sync-run words (count >= 2) the front end made since reset
localparam integer PG_REG_LINK_FIFO_MAX = 137;  // ro: highest FIFO fill (words) since reset
localparam integer PG_REG_LINK_TIME_BOUND = 138;  // ro: the link's latest lowest_time_bound
localparam integer PG_REG_LINK_FLUSH = 139;  // wo: any write: a sync held for the next tag leaves now, as a run of what it has (exact: a run may be split anywhere)
localparam integer PG_REG_LINK_HOLD_TICKS = 140;  // rw: 0 (default): a sync held for the next tag waits for it; n > 0: it leaves once lowest_time_bound > its time + n (the next tag is more than n ticks away)
localparam integer PG_REG_LINK_WRITES_REFUSED = 141;  // ro: core register writes the bus master withdrew while the front end stalled them (reg_wready low: another write held), never applied; since rst (CTRL_RESET keeps it)
localparam integer PG_REG_LINK_MAP = 192;  // rw x64: core channel of link channel c (signed, slot c mod 64: +3 at 3, -3 at 61); default LINK_UNMAPPED_CHANNEL
localparam integer PG_LEN_MAGIC = 1;  // FRAME_MAGIC
localparam integer PG_OFF_MAGIC = 0;
localparam integer PG_LEN_SEQ = 1;  // frame sequence number since reset, from 0
localparam integer PG_OFF_SEQ = PG_OFF_MAGIC + PG_LEN_MAGIC;
localparam integer PG_LEN_FIRST_TRIAL = 1;  // index (since reset) of the first trial counted in this frame
localparam integer PG_OFF_FIRST_TRIAL = PG_OFF_SEQ + PG_LEN_SEQ;
localparam integer PG_LEN_TRIALS = 1;  // trials closed in this frame (N of the frame)
localparam integer PG_OFF_TRIALS = PG_OFF_FIRST_TRIAL + PG_LEN_FIRST_TRIAL;
localparam integer PG_LEN_FLAGS = 1;  // FLAG_HOST_CLOSE, FLAG_TRIAL_CLOSE
localparam integer PG_OFF_FLAGS = PG_OFF_TRIALS + PG_LEN_TRIALS;
localparam integer PG_LEN_SHAPE = 1;  // as register SHAPE
localparam integer PG_OFF_SHAPE = PG_OFF_FLAGS + PG_LEN_FLAGS;
localparam integer PG_LEN_WORDS = 1;  // as register FRAME_WORDS
localparam integer PG_OFF_WORDS = PG_OFF_SHAPE + PG_LEN_SHAPE;
localparam integer PG_LEN_MERGES = 1;  // frame closes absorbed into this frame because the host held the other bank
localparam integer PG_OFF_MERGES = PG_OFF_WORDS + PG_LEN_WORDS;
localparam integer PG_LEN_TAGS_SYNC = 1;  // tags received on the sync channel (any category)
localparam integer PG_OFF_TAGS_SYNC = PG_OFF_MERGES + PG_LEN_MERGES;
localparam integer PG_LEN_TAGS_DET = D;  // tags received on detector d (any category)
localparam integer PG_OFF_TAGS_DET = PG_OFF_TAGS_SYNC + PG_LEN_TAGS_SYNC;
localparam integer PG_LEN_TAGS_OTHER = 1;  // tags received on any other channel
localparam integer PG_OFF_TAGS_OTHER = PG_OFF_TAGS_DET + PG_LEN_TAGS_DET;
localparam integer PG_LEN_SYNCS = 1;  // sync tags accepted in order and not dropped (each opens a trial when it becomes effective)
localparam integer PG_OFF_SYNCS = PG_OFF_TAGS_OTHER + PG_LEN_TAGS_OTHER;
localparam integer PG_LEN_IN_WINDOW = 1;  // detector tags inside at least one window
localparam integer PG_OFF_IN_WINDOW = PG_OFF_SYNCS + PG_LEN_SYNCS;
localparam integer PG_LEN_OUTSIDE = 1;  // detector tags after the first sync inside no window
localparam integer PG_OFF_OUTSIDE = PG_OFF_IN_WINDOW + PG_LEN_IN_WINDOW;
localparam integer PG_LEN_BEFORE_FIRST_SYNC = 1;  // detector tags before the first sync since reset
localparam integer PG_OFF_BEFORE_FIRST_SYNC = PG_OFF_OUTSIDE + PG_LEN_OUTSIDE;
localparam integer PG_LEN_OUT_OF_ORDER = 1;  // tags dropped: timestamp earlier than the previous accepted tag
localparam integer PG_OFF_OUT_OF_ORDER = PG_OFF_BEFORE_FIRST_SYNC + PG_LEN_BEFORE_FIRST_SYNC;
localparam integer PG_LEN_OTHER_CHANNEL = 1;  // in-order tags on channels that are neither sync nor detector
localparam integer PG_OFF_OTHER_CHANNEL = PG_OFF_OUT_OF_ORDER + PG_LEN_OUT_OF_ORDER;
localparam integer PG_LEN_SYNC_DROPPED = 1;  // in-order sync tags dropped: the sync-delay queue was full
localparam integer PG_OFF_SYNC_DROPPED = PG_OFF_OTHER_CHANNEL + PG_LEN_OTHER_CHANNEL;
localparam integer PG_LEN_PATTERNS = (1 << (W*D));  // trials per click pattern p (bit w*D+d = detector d clicked in window w)
localparam integer PG_OFF_PATTERNS = PG_OFF_SYNC_DROPPED + PG_LEN_SYNC_DROPPED;
localparam integer PG_LEN_DN_PAIRS = K;  // [dn-1]: closed trials n with trial n-dn present (since reset)
localparam integer PG_OFF_DN_PAIRS = PG_OFF_PATTERNS + PG_LEN_PATTERNS;
localparam integer PG_LEN_DN_EARLY = K*W*D;  // [(dn-1)*W*D + a]: sum over those pairs of bit a of trial n-dn
localparam integer PG_OFF_DN_EARLY = PG_OFF_DN_PAIRS + PG_LEN_DN_PAIRS;
localparam integer PG_LEN_DN_LATE = K*W*D;  // [(dn-1)*W*D + b]: sum over those pairs of bit b of trial n
localparam integer PG_OFF_DN_LATE = PG_OFF_DN_EARLY + PG_LEN_DN_EARLY;
localparam integer PG_LEN_DN_COINC = K*W*D*W*D;  // [((dn-1)*W*D + a)*W*D + b]: sum of bit a of trial n-dn AND bit b of trial n
localparam integer PG_OFF_DN_COINC = PG_OFF_DN_LATE + PG_LEN_DN_LATE;
localparam integer PG_LEN_FIRST_ARRIVAL = W*D*B;  // [(w*D + d)*B + bin]: trials whose first tag of d in w fell in bin
localparam integer PG_OFF_FIRST_ARRIVAL = PG_OFF_DN_COINC + PG_LEN_DN_COINC;
localparam integer PG_LEN_BOTH_ARRIVAL = W*B;  // [w*B + bin]: trials with detectors 0 and 1 both in w, by the later first arrival
localparam integer PG_OFF_BOTH_ARRIVAL = PG_OFF_FIRST_ARRIVAL + PG_LEN_FIRST_ARRIVAL;
localparam integer PG_LEN_TRAILER = 1;  // TRAILER_BASE | (SEQ & 0xFFFFFF)
localparam integer PG_OFF_TRAILER = PG_OFF_BOTH_ARRIVAL + PG_LEN_BOTH_ARRIVAL;
localparam integer PG_FRAME_WORDS_N = PG_OFF_TRAILER + PG_LEN_TRAILER;
// trial record words
localparam integer PG_REC_LEN_TRIAL = 1;  // index of the trial since reset (0 = first trial closed)
localparam integer PG_REC_OFF_TRIAL = 0;
localparam integer PG_REC_LEN_SYNC_TIME = 1;  // effective (delayed) sync time of the trial, ticks: the windows' reference
localparam integer PG_REC_OFF_SYNC_TIME = PG_REC_OFF_TRIAL + PG_REC_LEN_TRIAL;
localparam integer PG_REC_LEN_PATTERN = 1;  // the trial's pattern (bit w*D+d = detector d clicked in window w)
localparam integer PG_REC_OFF_PATTERN = PG_REC_OFF_SYNC_TIME + PG_REC_LEN_SYNC_TIME;
localparam integer PG_REC_LEN_FIRST_BIN = W*D;  // [w*D + d]: first-arrival bin of pattern bit w*D+d; 0 when the bit is clear
localparam integer PG_REC_OFF_FIRST_BIN = PG_REC_OFF_PATTERN + PG_REC_LEN_PATTERN;
localparam integer PG_RECORD_WORDS_N = PG_REC_OFF_FIRST_BIN + PG_REC_LEN_FIRST_BIN;
/* verilator lint_on UNUSEDPARAM */
