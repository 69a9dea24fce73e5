// pg_count_idx.vh -- the flat counters' indices, in the order of the frame words TAGS_SYNC ..
// SYNC_DROPPED (docs/frame-format.md; pg_map.vh has the word offsets). Included inside a module
// body that has the parameter D (detectors): pg_process picks a lane's role and category counter
// by them, pg_core's formal properties read them.
localparam integer C_TAGS_SYNC  = 0;
localparam integer C_TAGS_DET   = 1;
localparam integer C_TAGS_OTHER = D + 1;
localparam integer C_SYNCS      = D + 2;
localparam integer C_IN_WINDOW  = D + 3;
localparam integer C_OUTSIDE    = D + 4;
localparam integer C_BEFORE     = D + 5;
localparam integer C_OOO        = D + 6;
localparam integer C_OTHER      = D + 7;
localparam integer C_DROPPED    = D + 8;
