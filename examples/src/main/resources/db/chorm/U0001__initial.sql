-- chorm migration V0001__initial, reversed (chorm migrate --target 0)

-- Undo: Create table sessions
DROP TABLE sessions SYNC;

-- Undo: Create table page_views
DROP TABLE page_views SYNC;

-- Undo: Create table events
DROP TABLE events SYNC;

-- Undo: Create table daily_page_stats
DROP TABLE daily_page_stats SYNC;
