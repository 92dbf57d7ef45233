package io.vigil.command.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.command.alert.AlertingProperties;

/**
 * Sends one delivery: e-mail over SMTP ({@code spring.mail.*}) or a webhook POST of JSON with a
 * Slack-compatible {@code text}, signed with HMAC-SHA256 over the body ({@code X-Vigil-Signature:
 * sha256=<hex>}) when the channel has a secret. Throws with a short reason on failure.
 */
@Component
public class NotificationSenders {

    public static final String SIGNATURE_HEADER = "X-Vigil-Signature";

    private final ObjectProvider<JavaMailSender> mail;
    private final AlertingProperties properties;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;

    public NotificationSenders(ObjectProvider<JavaMailSender> mail, AlertingProperties properties) {
        this.mail = mail;
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public static class DeliveryFailed extends Exception {
        public DeliveryFailed(String reason) {
            super(reason);
        }
    }

    public void send(Document delivery, Document channel) throws DeliveryFailed {
        if ("EMAIL".equals(channel.getString("type"))) {
            email(delivery, channel);
        } else {
            webhook(delivery, channel);
        }
    }

    private void email(Document delivery, Document channel) throws DeliveryFailed {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new DeliveryFailed("SMTP is not configured (set spring.mail.host)");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom());
        message.setTo(channel.getString("to"));
        message.setSubject(delivery.getString("subject"));
        message.setText(delivery.getString("text"));
        try {
            sender.send(message);
        } catch (RuntimeException e) {
            throw new DeliveryFailed("SMTP: " + e.getMessage());
        }
    }

    private void webhook(Document delivery, Document channel) throws DeliveryFailed {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", delivery.getString("subject") + "\n" + delivery.getString("text"));
        payload.put("alertId", delivery.getString("alertId"));
        payload.put("state", "fired".equals(delivery.getString("phase")) ? "FIRING" : "RESOLVED");
        payload.put("targetId", delivery.getString("targetId"));
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new DeliveryFailed("could not write the payload: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(channel.getString("url")))
                .timeout(properties.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("X-Vigil-Delivery", delivery.getString("_id"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String secret = channel.getString("secret");
        if (secret != null) {
            request.header(SIGNATURE_HEADER, "sha256=" + hmac(secret, body));
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryFailed("HTTP " + response.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new DeliveryFailed(why(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailed("interrupted");
        }
    }

    public static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What an operator can act on: "connection refused", "timed out", not "ConnectException null". */
    static String why(java.io.IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "could not connect (refused or unreachable)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
