<?php

namespace App\Http\Controllers\Admin;

use App\Http\Requests\SavedViewRequest;
use App\Http\Resources\SavedViewResource;
use App\Models\SavedView;
use App\Models\SupportTicket;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Gate;

/** Contract v3 saved views: the admin's own and every shared one, and their counts. */
class ViewController
{
    public function index(Request $request)
    {
        return SavedViewResource::collection(
            SavedView::visibleTo($request->user())->orderBy('position')->orderBy('id')->get());
    }

    public function store(SavedViewRequest $request)
    {
        $admin = $request->user();
        // A new view goes after the admin's others unless it says where.
        $last = $admin->savedViews()->max('position');
        $fields = $request->fields() + ['position' => $last === null ? 0 : $last + 1, 'shared' => false];
        $view = $admin->savedViews()->create($fields);

        return (new SavedViewResource($view->refresh()))->response()->setStatusCode(201);
    }

    public function update(SavedViewRequest $request, SavedView $view)
    {
        $view->update($request->fields());

        return new SavedViewResource($view);
    }

    public function destroy(SavedView $view)
    {
        Gate::authorize('delete', $view);
        $view->delete();

        return response()->noContent();
    }

    /**
     * The inbox's fixed counts and one per visible view. Each is the `total`
     * the ticket list answers for the same filters: the same scope
     * (SupportTicket::filtered) builds both.
     */
    public function counts(Request $request)
    {
        $admin = $request->user();
        $count = fn (array $filters) => SupportTicket::filtered($filters, $admin)->count();

        $counts = [
            'open' => $count(['status' => 'open']),
            'mine' => $count(['status' => 'open', 'assigned' => 'me']),
            'unassigned' => $count(['status' => 'open', 'assigned' => 'unassigned']),
            'snoozed' => $count(['status' => 'open', 'snoozed' => 'only']),
            'overdue' => $count(['status' => 'open', 'overdue' => true]),    // snoozed ones left out, as in the list
        ];
        foreach (SavedView::visibleTo($admin)->orderBy('position')->orderBy('id')->get() as $view) {
            $counts["view:{$view->id}"] = $count($view->filters ?? []);
        }

        return ['data' => $counts];
    }
}
