<?php

namespace App\Http\Controllers\Admin;

use App\Http\Resources\CustomerContextResource;
use App\Models\Customer;

/** Contract v2 customer context: who the customer is, beside the thread. */
class CustomerController
{
    public function show(Customer $customer)
    {
        $customer->loadCount(['tickets', 'tickets as open_tickets_count' => fn ($t) => $t->where('status', 'open')])
            ->loadMax('tickets as last_ticket_at', 'created_at');

        return new CustomerContextResource($customer);
    }
}
