<?php

// Laravel's Spanish messages for the rules this app uses, and its own.
return [
    'array' => 'El campo :attribute debe ser una lista.',
    'boolean' => 'El campo :attribute debe ser verdadero o falso.',
    'distinct' => 'El campo :attribute tiene un valor duplicado.',
    'email' => 'El campo :attribute debe ser un correo electrónico válido.',
    'exists' => 'El :attribute seleccionado no es válido.',
    'file' => 'El campo :attribute debe ser un archivo.',
    'in' => 'El :attribute seleccionado no es válido.',
    'integer' => 'El campo :attribute debe ser un número entero.',
    'max' => [
        'array' => 'El campo :attribute no debe tener más de :max elementos.',
        'file' => 'El archivo :attribute no debe pesar más de :max kilobytes.',
        'numeric' => 'El campo :attribute no debe ser mayor que :max.',
        'string' => 'El campo :attribute no debe tener más de :max caracteres.',
    ],
    'mimetypes' => 'El campo :attribute debe ser un archivo de tipo: :values.',
    'min' => [
        'array' => 'El campo :attribute debe tener al menos :min elementos.',
        'numeric' => 'El campo :attribute debe ser al menos :min.',
        'string' => 'El campo :attribute debe tener al menos :min caracteres.',
    ],
    'prohibits' => 'El campo :attribute no puede ir junto con :other.',
    'regex' => 'El formato del campo :attribute no es válido.',
    'required' => 'El campo :attribute es obligatorio.',
    'required_without' => 'El campo :attribute es obligatorio cuando :values no está presente.',
    'string' => 'El campo :attribute debe ser texto.',
    'unique' => 'El valor del campo :attribute ya está en uso.',

    // This app's own messages.
    'status_or_assignee' => 'Indique status o assigned_to.',
    'ticket_closed' => 'El ticket está cerrado: no admite respuestas.',
    'no_such_ticket' => 'El ticket no existe.',
    'not_your_reply' => 'Solo quien creó una respuesta predefinida puede cambiarla o borrarla.',
    'idempotency_key' => 'La cabecera Idempotency-Key debe tener de 1 a 100 caracteres.',
    'idempotency_reused' => 'La clave Idempotency-Key ya se usó para otra solicitud.',

    'attributes' => [
        'email' => 'correo electrónico',
        'password' => 'contraseña',
        'message' => 'mensaje',
        'reason_id' => 'motivo',
        'subject' => 'asunto',
        'attachments' => 'adjuntos',
        'status' => 'estado',
        'assigned_to' => 'asignado a',
    ],
];
