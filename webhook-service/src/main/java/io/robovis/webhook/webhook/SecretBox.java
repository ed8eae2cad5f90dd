package io.robovis.webhook.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts webhook secrets at rest with AES-256-GCM. The key is {@code ROBOVIS_SECRETS_KEY}: 32
 * bytes in base64, or any other text, whose SHA-256 is then the key. Stored form: a 12-byte nonce
 * followed by the ciphertext and its tag.
 */
@Component
public class SecretBox {

    private static final int NONCE_BYTES = 12;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(@Value("${robovis.secrets-key:}") String secretsKey) {
        if (secretsKey == null || secretsKey.isBlank()) {
            throw new IllegalStateException(
                    "ROBOVIS_SECRETS_KEY is not set: webhook secrets are stored encrypted with it."
                            + " ./robovis up generates one in its data folder.");
        }
        this.key = new SecretKeySpec(keyBytes(secretsKey), "AES");
    }

    public byte[] seal(String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a webhook secret", e);
        }
    }

    public String open(byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, NONCE_BYTES));
            return new String(
                    cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot decrypt a webhook secret (was ROBOVIS_SECRETS_KEY changed?)", e);
        }
    }

    private static byte[] keyBytes(String secretsKey) {
        try {
            byte[] decoded = Base64.getDecoder().decode(secretsKey.trim());
            if (decoded.length == 32) {
                return decoded;
            }
        } catch (IllegalArgumentException notBase64) {
            // any other text: hashed below
        }
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(secretsKey.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
