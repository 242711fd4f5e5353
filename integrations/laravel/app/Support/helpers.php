<?php

use Carbon\CarbonInterface;

if (! function_exists('iso')) {
    /**
     * The contract's timestamp form, `2024-01-25T10:30:00.000Z`. Carbon's
     * default JSON has six fraction digits; both parse, this is the example's.
     */
    function iso(?CarbonInterface $time): ?string
    {
        return $time?->copy()->utc()->format('Y-m-d\TH:i:s.v\Z');
    }
}
