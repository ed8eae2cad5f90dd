package io.robovis.gateway.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record LoginRequest(
        @NotBlank @Size(max = 200) String username, @NotBlank @Size(max = 200) String password) {}
